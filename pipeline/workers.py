"""Worker processes forked from the loaded parent: tasks out, results back in input order.

Not ``multiprocessing.Pool``: a worker killed in the middle of a task (the kernel's out-of-memory
killer, a crash inside a C extension) takes the task with it, and ``Pool`` then waits for its
result forever. Here the parent watches every worker's exit: the task the worker was on is
cut into parts run again one by one (``split``) or reported as ``Died``, and the tasks queued
behind it go to another worker, so a run always ends and only what kills is lost. Each worker
retires after ``max_tasks`` tasks (what it caches only grows) and a successor is forked from
the parent, which holds everything loaded.

Each worker has its own pipes. Tasks go out through a sender thread per worker, so the parent
never blocks writing a large task while that worker blocks writing a large result back.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_NOTHING = object()


@dataclass(frozen=True)
class Died:
    """A task whose worker exited before answering it."""

    exitcode: int | None

    def describe(self) -> str:
        code = self.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            hint = " (killed: out of memory?)" if -code == signal.SIGKILL else ""
            return f"the worker process was killed by {name}{hint}"
        return f"the worker process exited with code {code}"


@dataclass(frozen=True)
class Failed:
    """A task whose work function raised: the exception, as text."""

    message: str


def _serve(tasks: Connection, results: Connection, work: Callable[[Any], Any],
           init: Callable[[], None] | None, max_tasks: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers, which must not
    # each print a traceback in the middle of a task
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if init is not None:
        init()
    for _ in range(max_tasks):
        try:
            task = tasks.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            out = work(task)
        except Exception as exc:  # a bug: reported for the task, the worker goes on
            out = Failed(f"{type(exc).__name__}: {exc}"[:500])
        results.send(out)


class _Worker:
    def __init__(self, ctx: Any, work: Callable[[Any], Any], init: Callable[[], None] | None,
                 max_tasks: int) -> None:
        task_r, self.tasks = ctx.Pipe(duplex=False)
        self.results, result_w = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_serve, args=(task_r, result_w, work, init, max_tasks),
                                   daemon=True)
        self.process.start()
        task_r.close()  # the child's ends: the parent keeps only its own
        result_w.close()
        self.max_tasks = max_tasks
        self.sent = 0
        self.waiting: deque[int] = deque()  # numbers of the tasks sent and not answered, in order
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send, daemon=True)
        self._sender.start()

    def _send(self) -> None:
        while True:
            task = self._outbox.get()
            try:
                self.tasks.send(task)  # None last: the worker stops
            except OSError:
                return  # the worker is gone: the parent sees its exit
            if task is None:
                return

    def submit(self, number: int, task: Any) -> None:
        self.waiting.append(number)
        self.sent += 1
        self._outbox.put(task)

    @property
    def open(self) -> bool:
        """Takes more tasks (it retires after ``max_tasks``)."""
        return self.sent < self.max_tasks

    def close(self, timeout: float = 5.0) -> None:
        if self.waiting:  # abandoned with work unanswered (an interrupted run): stop it now
            self.process.kill()
        self._outbox.put(None)
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self._sender.join(timeout)  # a send to a dead worker fails at once
        self.tasks.close()
        self.results.close()


class WorkerPool(Generic[T]):
    """``imap`` of ``work`` over tasks on ``processes`` forked workers, at most ``ahead`` tasks
    queued per worker.

    ``split``: how to cut a task into smaller ones. A task whose worker died is then run again
    as its parts, each on its own, so that only the part that kills is lost; its answer is the
    list of the parts' answers."""

    def __init__(self, processes: int, work: Callable[[T], Any],
                 init: Callable[[], None] | None = None, max_tasks: int = 300,
                 ahead: int = 2, context: Any = None,
                 split: Callable[[T], list[T]] | None = None) -> None:
        self.processes = processes
        self.work = work
        self.init = init
        self.max_tasks = max(1, max_tasks)
        self.ahead = max(1, ahead)
        self.ctx = context or mp.get_context()
        self.split = split
        self._workers: list[_Worker] = []
        self._resend: deque[int] = deque()  # to send (again), before any new task
        self._held: dict[int, Any] = {}  # number -> task, until its answer is yielded
        self._answers: dict[int, Any] = {}
        self._parts: dict[int, list[int]] = {}  # a task cut after its worker died -> its parts
        self._whole: dict[int, int] = {}  # part -> the task it was cut from
        self._part_numbers = itertools.count(-1, -1)  # parts' numbers: never a task's

    def imap(self, tasks: Iterable[T]) -> Iterator[tuple[T, Any]]:
        """(task, its result | ``Died`` | ``Failed`` | the list of its parts' answers), in the
        order of ``tasks``; at most ``processes × (ahead + 1)`` tasks are held at a time."""
        source = iter(tasks)
        exhausted = False
        nxt: Any = _NOTHING  # the next task, read before a worker is forked for it
        order: deque[int] = deque()  # numbers of the tasks sent and not yet yielded
        held, answers = self._held, self._answers
        number = 0
        window = self.processes * (self.ahead + 1)
        try:
            while True:
                while self._resend and (worker := self._free()) is not None:
                    n = self._resend.popleft()
                    worker.submit(n, held[n])
                while not exhausted and not self._resend and len(order) < window:
                    if nxt is _NOTHING:
                        try:
                            nxt = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                    worker = self._free()
                    if worker is None:
                        break
                    order.append(number)
                    held[number] = nxt
                    worker.submit(number, nxt)
                    nxt = _NOTHING
                    number += 1
                while order and order[0] in answers:
                    n = order.popleft()
                    yield held.pop(n), answers.pop(n)
                if exhausted and not order:
                    return
                if order:
                    self._collect()
        finally:
            self.close()

    def _answer(self, n: int, value: Any) -> None:
        whole = self._whole.pop(n, None)
        if whole is None:
            self._answers[n] = value
            return
        self._held.pop(n)
        self._answers[n] = value
        parts = self._parts[whole]
        if all(p in self._answers for p in parts):
            del self._parts[whole]
            self._answers[whole] = [self._answers.pop(p) for p in parts]

    def _lost(self, n: int, died: Died) -> None:
        """Task ``n`` was on a worker that died: cut it and run its parts again, if it can be
        cut (and is not itself a part); else it is lost."""
        parts = self.split(self._held[n]) if self.split and n not in self._whole else []
        if len(parts) < 2:
            self._answer(n, died)
            return
        numbers = [next(self._part_numbers) for _ in parts]
        self._parts[n] = numbers
        for p, part in zip(numbers, parts, strict=True):
            self._held[p] = part
            self._whole[p] = n
        self._resend.extendleft(reversed(numbers))  # first: the task holds up the others

    def _free(self) -> _Worker | None:
        """A worker that can take a task now, forking one while fewer than ``processes`` are
        open (a retiring worker's successor starts while it finishes its last tasks)."""
        for w in self._workers:
            if w.open and len(w.waiting) < self.ahead:
                return w
        if sum(w.open for w in self._workers) < self.processes:
            w = _Worker(self.ctx, self.work, self.init, self.max_tasks)
            self._workers.append(w)
            return w
        return None

    def _collect(self) -> None:
        """Wait for an answer or an exit, and take in whatever is there."""
        busy = [w for w in self._workers if w.waiting]
        if not busy:
            return  # only tasks to send again: the caller does
        ready = set(wait([w.results for w in busy] + [w.process.sentinel for w in busy]))
        for w in busy:
            if w.results in ready or w.process.sentinel in ready:
                self._drain(w)

    def _drain(self, w: _Worker) -> None:
        # exited before reading: then everything it sent is in the pipe, and what is still
        # unanswered after reading it all was lost with the worker
        exited = bool(wait([w.process.sentinel], 0))
        while w.waiting and w.results.poll():
            try:
                answer = w.results.recv()
            except (EOFError, OSError):
                break  # it died while sending
            self._answer(w.waiting.popleft(), answer)
        if exited:
            w.process.join()
            if w.waiting:
                # it died on the first of its tasks; the others it never started
                lost = w.waiting.popleft()
                self._resend.extend(w.waiting)
                w.waiting.clear()
                self._lost(lost, Died(w.process.exitcode))
        if exited or not (w.open or w.waiting):  # gone, or retired with everything answered
            w.close()
            self._workers.remove(w)

    def close(self) -> None:
        for w in self._workers:
            w.close()
        self._workers.clear()
