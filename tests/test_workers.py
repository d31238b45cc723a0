"""The worker pool: answers in input order, workers retired and replaced, a killed worker costs
only the part of a task that kills it."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal

from pipeline.batch import _chunks
from pipeline.workers import Died, Failed, WorkerPool


def _total(task: list[int]) -> int:
    if 13 in task:
        os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer does
    if 99 in task:
        raise ValueError("no 99s")
    return sum(task)


def _pool(**kw: object) -> WorkerPool:
    return WorkerPool(2, _total, context=mp.get_context("fork"), **kw)  # type: ignore[arg-type]


def test_answers_come_in_input_order_across_retiring_workers() -> None:
    tasks = [[2 * i, 200 + i] for i in range(30)]  # no 13, no 99
    got = list(_pool(max_tasks=3).imap(tasks))  # ten generations of workers
    assert got == [(t, sum(t)) for t in tasks]


def test_a_killed_worker_costs_only_the_part_that_kills() -> None:
    tasks = [[1, 2], [12, 13, 14], [5], [99], [7, 8]]
    got = dict((tuple(t), a) for t, a in _pool(split=lambda t: [[x] for x in t]).imap(tasks))
    assert got[(1, 2)] == 3 and got[(5,)] == 5 and got[(7, 8)] == 15
    assert got[(12, 13, 14)][0] == 12 and got[(12, 13, 14)][2] == 14
    died = got[(12, 13, 14)][1]
    assert isinstance(died, Died) and "SIGKILL" in died.describe()
    assert isinstance(got[(99,)], Failed) and "no 99s" in got[(99,)].message


def test_without_split_the_whole_task_is_lost_and_the_rest_goes_on() -> None:
    tasks = [[1], [13, 1], [2], [3]]
    got = list(_pool(ahead=3).imap(tasks))
    assert [t for t, _ in got] == tasks
    answers = [a for _, a in got]
    assert answers[0] == 1 and answers[2:] == [2, 3] and isinstance(answers[1], Died)


def test_chunks_grow_so_a_small_input_reaches_every_worker() -> None:
    assert [len(c) for c in _chunks(range(100), 128)] == [8, 16, 32, 44]
    assert [len(c) for c in _chunks(range(600), 128)] == [8, 16, 32, 64, 128, 128, 128, 96]
    assert [len(c) for c in _chunks(range(20), 8)] == [8, 8, 4]
    assert [x for c in _chunks(range(1000), 128) for x in c] == list(range(1000))
    assert list(_chunks([], 128)) == []
