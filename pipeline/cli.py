"""The ``zhnews`` command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .export import FORMATS
from .ingest.sources import MAX_CHARS
from .report.cli import report_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zhnews")
def main() -> None:
    """Chinese news and forum dumps in, analyst-ready tables out.

    \b
    Example:
      zhnews extract corpus/ -o outputs/
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", default="outputs", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the tables.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help="Comma-separated table formats: parquet, csv.")
@click.option("--stages", default=None,
              help="Comma-separated stages to run (default: all): names,timex,events,claims.")
@click.option("--max-chars", default=MAX_CHARS, show_default=True, type=click.IntRange(1),
              help="Longer documents become an error row instead of being processed.")
@click.option("-w", "--workers", default=os.cpu_count() or 1, show_default=True,
              type=click.IntRange(1), help="Worker processes.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local",
              show_default=True,
              help="local: worker processes here; spark: Apache Spark (zhnews[spark]).")
@click.option("--master", default=None,
              help="Spark master URL (local[4], spark://host:7077, yarn); default: local[*].")
@click.option("--force", is_flag=True,
              help="Re-extract every document (e.g. after changing a rule), not only new ones.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: on when stderr is a terminal).")
def extract(inputs: tuple[str, ...], out_dir: str, formats: str, stages: str | None,
            max_chars: int, workers: int, engine: str, master: str | None, force: bool,
            progress: bool | None) -> None:
    """Extract tables from INPUTS: files, folders (recursively) or - for stdin.

    Reads forum pages saved as text, HTML pages and JSON Lines dumps (news-please, trafilatura,
    plain {id,title,text,published,url}), gzip-compressed or not, in UTF-8, Big5 or GB18030.
    Writes documents, sentences, mentions, timexes, events, claims and errors as Parquet and
    CSV under OUT. Unreadable input becomes a row in the errors table; the run goes on.

    OUT is an incremental dataset: a re-run processes only new or changed documents.

    \b
    Examples:
      zhnews extract corpus/ -o outputs/
      zcat dump.jsonl.gz | zhnews extract - -o out/ --format parquet
      zhnews extract dump/ -o out/ --engine spark --master spark://host:7077
    """
    from .batch import Pipeline
    from .nlp import STAGES

    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    fmts = tuple(f.strip() for f in formats.split(",") if f.strip())
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise click.UsageError(f"unknown format {', '.join(bad) or '(none)'}; use parquet,csv")
    stage_tuple = None
    if stages is not None:
        stage_tuple = tuple(s.strip() for s in stages.split(",") if s.strip())
        unknown = [s for s in stage_tuple if s not in STAGES]
        if unknown:
            raise click.UsageError(
                f"unknown stage {', '.join(unknown)}; choose from {', '.join(STAGES)}"
            )
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:  # plain periodic lines instead of a bar (logs, CI, cron)
        import logging

        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    from .store import LockedError

    try:
        if engine == "spark":
            import importlib.util

            if importlib.util.find_spec("pyspark") is None:
                raise click.ClickException(
                    "--engine spark needs pyspark: pip install 'zhnews[spark]'"
                )
            if "-" in inputs:
                raise click.UsageError("--engine spark reads files, not stdin")
            from .engines.spark import run_spark

            summary = run_spark(list(inputs), out_dir, fmts, stages=stage_tuple,
                                max_chars=max_chars, master=master, force=force)
        else:
            summary = Pipeline(stage_tuple).run(
                list(inputs), out_dir, fmts, progress=progress, max_chars=max_chars,
                workers=workers, force=force,
            )
    except LockedError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"zhnews: {summary.line()} → {out_dir}")
    if summary.documents == 0 and summary.skipped == 0:
        click.echo("zhnews: error: nothing could be read; see the errors table", err=True)
        sys.exit(2)




@main.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False, exists=True))
@click.option("--csv/--no-csv", "csv", default=True, help="Write <table>.csv (UTF-8 with BOM).")
@click.option("--parquet/--no-parquet", "parquet", default=True,
              help="Write consolidated <table>.parquet.")
def export_cmd(out_dir: str, csv: bool, parquet: bool) -> None:
    """Rewrite the one-file-per-table exports of the dataset in OUT_DIR.

    \b
    Example:
      zhnews export outputs/ --csv --no-parquet
    """
    from .export import export
    from .store import LockedError, Store

    fmts = tuple(f for f, on in (("parquet", parquet), ("csv", csv)) if on)
    if not fmts:
        raise click.UsageError("nothing to export: keep --csv or --parquet")
    try:
        with Store(out_dir) as store:
            counts = export(store, fmts)
    except LockedError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("zhnews: exported " + ", ".join(f"{t} {n}" for t, n in counts.items()))


@main.command("sql")
@click.argument("out_dir", type=click.Path(file_okay=False, exists=True))
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="How to print the result.")
def sql_cmd(out_dir: str, query: str | None, fmt: str) -> None:
    """Query the tables in OUT_DIR with SQL (DuckDB); without QUERY, an interactive prompt.

    Views: documents, sentences, mentions, timexes, events, claims, errors, and event_claims
    (each event with the claim that reports it).

    \b
    Examples:
      zhnews sql outputs/ "SELECT speaker, cue, content FROM claims WHERE content LIKE '%奧特曼%'"
      zhnews sql outputs/ "SELECT event_type, count(*) FROM events GROUP BY 1" --format csv
    """
    import duckdb

    from .sql import connect

    try:
        con = connect(out_dir)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None

    def show(q: str) -> None:
        try:
            rel = con.sql(q)
        except duckdb.Error as exc:
            click.echo(f"error: {str(exc).splitlines()[0]}", err=True)
            return
        if rel is None:
            return
        if fmt == "table":
            click.echo(str(rel))
        else:
            df = rel.df()
            click.echo(df.to_csv(index=False) if fmt == "csv"
                       else df.to_json(orient="records", force_ascii=False, lines=True))

    if query is not None:
        show(query)
        return
    if not sys.stdin.isatty():
        show(sys.stdin.read())
        return
    click.echo("zhnews sql — tables: documents sentences mentions timexes events claims errors "
               "event_claims; end a query with ; and quit with Ctrl-D")
    buf = ""
    while True:
        try:
            line = input("zhnews> " if not buf else "   ...> ")
        except EOFError:
            click.echo()
            return
        buf += line + "\n"
        if buf.strip().endswith(";"):
            show(buf)
            buf = ""


main.add_command(report_cmd)

if __name__ == "__main__":
    main()
