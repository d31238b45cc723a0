"""The ``zhnews report`` command (registered by ``pipeline.cli`` with ``main.add_command``)."""

from __future__ import annotations

import click


@click.command("report")
@click.argument("out_dir", type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", default="report.html", show_default=True,
              type=click.Path(dir_okay=False), help="HTML file to write.")
def report_cmd(out_dir: str, output: str) -> None:
    """Write one self-contained HTML report over the tables in OUT_DIR.

    A timeline of events by type (planned and speculated ones drawn apart from asserted ones,
    undated ones listed below it), events and claims filterable by type, entity, speaker and
    source, each row opening on its original sentence with trigger, arguments and time marked;
    entities with every surface form and how it was resolved; documents and errors. Open it
    from disk: it loads nothing from the network.

    \b
    Example:
      zhnews extract corpus/ -o outputs/
      zhnews report outputs/ -o outputs/report.html
    """
    from . import build_report

    try:
        stats = build_report(out_dir, output)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"zhnews: report {stats['path']} ({stats['bytes'] / 1e6:.1f} MB, {stats['seconds']} s): "
        f"{stats['documents']:,} documents, {stats['events']:,} events "
        f"({stats['placed_events']:,} on the timeline), {stats['claims']:,} claims, "
        f"{stats['entities']:,} entities, {stats['errors']:,} errors"
    )
    if stats["snippets_dropped"]:
        click.echo(f"zhnews: {stats['snippets_dropped']:,} rows carry no sentence "
                   "(embedded text is capped); the page says how to query them", err=True)
