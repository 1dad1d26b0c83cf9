"""Command line: `python -m dashboard validate | coverage | export | schema | render`.

Every command reads the bundled curated/ and seeds/ unless given --data/--seeds (or the
DASHBOARD_DATA / DASHBOARD_SEEDS environment variables). Bad data prints one problem per line as
`path:line: field: message` and exits 1; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .core import coverage, filters, load, paths, records, schema

SCHEMA_DIR = paths.REPO / "schemas"


def _add_data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="curated data folder (default: DASHBOARD_DATA or ./curated)")
    parser.add_argument("--seeds", help="seed documents folder (default: DASHBOARD_SEEDS or ./seeds)")


def _load_or_report(args) -> load.Dataset | None:
    data_paths = paths.resolve(args.data, args.seeds)
    result = load.load(data_paths)
    for problem in result.problems:
        print(_display_problem(problem, data_paths), file=sys.stderr)
    if not result.ok:
        print(f"{len(result.problems)} problem(s) in {data_paths.data}", file=sys.stderr)
    return result.dataset


def _display_problem(problem: load.Problem, data_paths: paths.DataPaths) -> str:
    """Prefix relative file names with the data folder so editors can jump to them."""
    path = Path(problem.file)
    if not path.is_absolute():
        shown = data_paths.data / path
        try:
            shown = shown.relative_to(Path.cwd())
        except ValueError:
            pass
        problem = load.Problem(shown.as_posix(), problem.line, problem.field, problem.message)
    return str(problem)


def cmd_validate(args) -> int:
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    print(f"OK: {dataset.summary()} (version {dataset.version})")
    return 0


def cmd_coverage(args) -> int:
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    results = coverage.coverage(dataset)
    print("\n".join(coverage.report_lines(results)))
    left = sum(len(r.uncovered) for r in results)
    print(f"{left} uncovered date mention(s) in {len(results)} seed(s)")
    return 1 if left and args.strict else 0


def _write(text: str | bytes, output: str | None) -> None:
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    Path(output).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    print(f"wrote {output}", file=sys.stderr)


def cmd_export(args) -> int:
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    events = _filtered_events(dataset, args)
    if events is None:
        return 2
    recs = records.event_records(dataset, events)
    _write(records.to_json(recs) if args.format == "json" else records.to_csv(recs), args.output)
    return 0


def _filtered_events(dataset, args):
    chosen, notices = filters.Filters.from_cli(args, dataset)
    for notice in notices:
        print(f"warning: {notice}", file=sys.stderr)
    return filters.apply(chosen, dataset)


def cmd_schema(args) -> int:
    SCHEMA_DIR.mkdir(exist_ok=True)
    stale = []
    for name, body in schema.json_schemas().items():
        path = SCHEMA_DIR / f"{name}.schema.json"
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale JSON Schemas: {', '.join(stale)}; run `python -m dashboard schema`", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check the curated data; exit 1 on any problem")
    _add_data_args(p)
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("coverage", help="share of each seed cited; date mentions not yet covered")
    _add_data_args(p)
    p.add_argument("--strict", action="store_true", help="exit 1 when a date mention is uncovered")
    p.set_defaults(func=cmd_coverage)
    p = sub.add_parser("export", help="export the (filtered) events")
    p.add_argument("what", choices=["events"])
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    _add_data_args(p)
    _add_filter_args(p)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("schema", help="write the JSON Schemas for editors into schemas/")
    p.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are stale")
    p.set_defaults(func=cmd_schema)
    return parser


def _add_filter_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (as in the app's URL)")
    group.add_argument("--from", dest="date_from", help="year or ISO date")
    group.add_argument("--to", dest="date_to", help="year or ISO date")
    for name in ("theme", "actor", "source", "tone", "confidence"):
        group.add_argument(f"--{name}", action="append", default=[], help="repeatable")
    group.add_argument("--q", help="free-text search in titles, summaries and quotes")
    group.add_argument("--period", help="a named period id from periods.yaml")
    group.add_argument("--match", choices=["all", "any"], help="events with all (default) or any chosen actor")
    group.add_argument("--no-predecessors", action="store_true", help="do not count the Soviet Union as Russia")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
