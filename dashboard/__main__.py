"""Command line: `python -m dashboard validate | grounding | coverage | export | schema | render | brief | add-source | draft`.

Every command reads the bundled curated/ and seeds/ unless given --data/--seeds (or the
DASHBOARD_DATA / DASHBOARD_SEEDS environment variables). Bad data prints one problem per line as
`path:line: field: message` and exits 1; never a traceback. `render` and `export bundle` use the
same chart builders (`core.charts.REGISTRY`) and the same Filters as the app's pages, so a
command reproduces what a shared link shows.
"""

from __future__ import annotations

import argparse
import html
import inspect
import json
import os
import sys
import typing
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from .core import (
    analysis,
    brief,
    brief_file,
    bundle,
    charts,
    coverage,
    drafts,
    export,
    filters,
    incremental,
    load,
    paths,
    pdf,
    records,
    schema,
    snapshot,
    view_state,
    yamlfile,
)

SCHEMA_DIR = paths.REPO / "schemas"


def _add_data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="curated data folder (default: DASHBOARD_DATA or ./curated)")
    parser.add_argument("--seeds", help="seed documents folder (default: DASHBOARD_SEEDS or ./seeds)")


def _load_or_report(args, *, fresh: bool = False) -> load.Dataset | None:
    """The dataset, problems printed to stderr; `fresh` validates even when a snapshot of the same
    bytes exists (validate and coverage: checking is their job)."""
    data_paths = paths.resolve(args.data, args.seeds)
    result = load.load(data_paths) if fresh else snapshot.load_dataset(data_paths)[0]
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
    data_paths = paths.resolve(args.data, args.seeds)
    if args.no_cache:
        result = load.load(data_paths)
        found, summary = result.problems, result.dataset and (result.dataset.summary(), result.dataset.version)
    else:  # the per-file cache: only changed events files are validated again
        checked = incremental.validate(data_paths)
        found, summary = checked.problems, checked.counts and (incremental.summary(checked.counts), checked.version)
    for problem in found:
        print(_display_problem(problem, data_paths), file=sys.stderr)
    if found:
        print(f"{len(found)} problem(s) in {data_paths.data}", file=sys.stderr)
    draft_problems = drafts.check_drafts(data_paths.data)  # shape only; drafts are never loaded
    for problem in draft_problems:
        print(_display_problem(problem, data_paths), file=sys.stderr)
    if draft_problems:
        print(f"{len(draft_problems)} problem(s) in {data_paths.data / 'drafts'}", file=sys.stderr)
    if found or draft_problems:
        return 1
    print(f"OK: {summary[0]} (version {summary[1]})")
    return 0


def cmd_draft(args) -> int:
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    known = list(dataset.sources["id"])
    if args.source not in known:
        print(f"unknown source {args.source!r}; known: {', '.join(known)}", file=sys.stderr)
        return 1
    data_paths = paths.resolve(args.data, args.seeds)
    output = Path(args.output) if args.output else data_paths.data / "drafts" / f"{args.source}.yaml"
    if output.exists() and not args.force:
        print(f"refused: {output} exists (drafts under review?); give -o FILE or --force; nothing written",
              file=sys.stderr)  # fmt: skip
        return 1
    found = drafts.draft_events(dataset, args.source)
    seed_file = dataset.sources.set_index("id").loc[args.source, "file"]
    output.parent.mkdir(parents=True, exist_ok=True)
    yamlfile.atomic_write(output, drafts.to_yaml(found, args.source, seed_file).encode("utf-8"))
    print(f"wrote {len(found)} draft event(s) to {output}")
    return 0


def cmd_grounding(args) -> int:
    """Per source: counts of findings and declared inferences, then each with file:line."""
    data_paths = paths.resolve(args.data, args.seeds)
    result = incremental.validate(data_paths, check_grounding=True)  # as load.load(..., check_grounding=True)
    report = result.grounding
    grounded = {(f.file, f.line, f.field, f"{f.event_id}: {f.message}") for f in report.findings} if report else set()
    others = [p for p in result.problems if (p.file, p.line, p.field, p.message) not in grounded]
    for problem in others:
        print(_display_problem(problem, data_paths), file=sys.stderr)
    if report is None:
        print(f"{len(others)} problem(s) in {data_paths.data}: nothing grounded", file=sys.stderr)
        return 1
    print("\n".join(_grounding_lines(report, data_paths)))
    if others:
        print(f"{len(others)} other problem(s) in {data_paths.data} (above)", file=sys.stderr)
        return 1
    return 1 if report.findings and args.strict else 0


def _grounding_lines(report, data_paths: paths.DataPaths) -> list[str]:
    from .core.grounding import CHECKS

    def shown(file: str, line: int, rest: str) -> str:
        return _display_problem(load.Problem(file, line, "", ""), data_paths).removesuffix(": : ") + rest

    lines = [f"Grounding: {report.checked} events checked, {len(report.findings)} finding(s), "
             f"{len(report.declared)} declared inference(s)"]  # fmt: skip
    for source, (findings, declared) in report.by_source().items():
        counts = ", ".join(f"{c} {sum(f.check == c for f in findings)}" for c in CHECKS)
        lines += ["", f"{source}: {len(findings)} finding(s) ({counts}), {len(declared)} declared inference(s)"]
        lines += [f"  {shown(f.file, f.line, f': {f.field}: {f.event_id}: {f.message}')}" for f in findings]
        lines += [f"  {shown(d.file, d.line, f': inferred: {d.event_id}: {d.field} {d.value} — because {d.reason}')}"
                  for d in declared]  # fmt: skip
    return lines


def cmd_coverage(args) -> int:
    dataset = _load_or_report(args, fresh=True)
    if dataset is None:
        return 1
    results = coverage.coverage(dataset)
    print("\n".join(coverage.report_lines(results)))
    left = sum(len(r.uncovered) for r in results)
    print(f"{left} uncovered date mention(s) in {len(results)} seed(s)")
    return 1 if left and args.strict else 0


def _write(text: str | bytes, output: str | None) -> None:
    if output is None or output == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    Path(output).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    print(f"wrote {output}", file=sys.stderr)


def cmd_export(args) -> int:
    if args.what == "bundle":
        return cmd_bundle(args)
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    chosen = _chosen_filters(dataset, args)
    events = filters.apply(chosen, dataset)
    recs = records.event_records(dataset, events, chosen)
    _write(records.to_json(recs) if args.format == "json" else records.to_csv(recs), args.output)
    return 0


def _chosen_filters(dataset, args) -> filters.Filters:
    chosen, notices = filters.Filters.from_cli(args, dataset)
    for notice in notices:
        print(f"warning: {notice}", file=sys.stderr)
    return chosen


def _chart_options(chart_id: str, pairs: list[str]) -> dict[str, object] | str:
    """--set lanes=theme --set partners=RUS,USA -> {"lanes": "theme", "partners": ("RUS", "USA")}:
    a value is read like the option's default (a tuple splits on commas); a message when the
    chart has no such option."""
    params = list(inspect.signature(charts.REGISTRY[chart_id]).parameters.values())[2:]
    accepted = {p.name: p.default for p in params if p.name != "events" and p.kind is p.POSITIONAL_OR_KEYWORD}
    options: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in accepted:
            return (f"chart {chart_id!r} has no option {key!r}; it takes: {', '.join(accepted) or 'none'} "
                    "(as --set NAME=VALUE)")  # fmt: skip
        default = accepted[key]
        if isinstance(default, tuple | list):
            options[key] = tuple(v.strip() for v in value.split(",") if v.strip())
        elif isinstance(default, bool):
            options[key] = value.lower() in ("1", "true", "yes", "on")
        else:
            options[key] = value
    return options


def chart_figure(chart_id: str, dataset: load.Dataset, chosen: filters.Filters, **options):
    """The figure a page shows for this chart and these filters (the same builder)."""
    return charts.REGISTRY[chart_id](dataset, chosen, **options)


def _list_charts(args) -> int:
    """Each chart id with the first line of its docstring, else the title it draws."""
    titles: dict[str, str] = {}
    if not all(map(charts.description, charts.REGISTRY)):
        dataset = snapshot.load_dataset(paths.resolve(args.data, args.seeds))[0].dataset
        for chart_id in charts.REGISTRY if dataset is not None else ():
            title = chart_figure(chart_id, dataset, filters.Filters()).layout.title.text or ""
            titles[chart_id] = html.unescape(title)
    width = max(map(len, charts.REGISTRY), default=0)
    for chart_id in charts.REGISTRY:
        text = charts.description(chart_id) or titles.get(chart_id) or "(no description)"
        print(f"{chart_id:<{width}}  {text}")
    return 0


def cmd_render(args) -> int:
    if args.list:
        return _list_charts(args)
    if args.chart not in charts.REGISTRY:
        known = ", ".join(charts.REGISTRY) or "none"
        what = f"unknown chart {args.chart!r}" if args.chart else "name a chart"
        print(f"{what}; known charts: {known} (see `python -m dashboard render --list`)", file=sys.stderr)
        return 2
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "") or "png"
    if fmt not in export.FORMATS:
        print(f"cannot tell the format from {args.output!r}; give --format png, svg or html", file=sys.stderr)
        return 2
    options = _chart_options(args.chart, args.set)
    if isinstance(options, str):
        print(options, file=sys.stderr)
        return 2
    if fmt in export.IMAGE_FORMATS and (problem := export.image_support()):
        print(problem, file=sys.stderr)
        return 2
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    chosen = _chosen_filters(dataset, args)
    if filters.apply(chosen, dataset).empty:
        print(f"no events match: {filters.describe(chosen, dataset)}; nothing to draw", file=sys.stderr)
        return 1
    fig = chart_figure(args.chart, dataset, chosen, **options)
    try:
        data = export.figure_bytes(fig, fmt, scale=args.scale)
    except export.ImageExportUnavailable as err:
        print(err, file=sys.stderr)
        return 2
    _write(data, args.output or export.chart_filename(args.chart, chosen, fmt))
    return 0


PRESET_ACTORS = {key: (p.focal, tuple(p.partners)) for key, p in analysis.PRESETS.items()}


def cmd_bundle(args) -> int:
    unknown = [c for c in args.chart if c not in charts.REGISTRY]
    if unknown:
        print(f"unknown chart(s) {', '.join(unknown)}; known: {', '.join(charts.REGISTRY)}", file=sys.stderr)
        return 2
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    chosen = _chosen_filters(dataset, args)
    events, comparison = filters.apply(chosen, dataset), None
    if args.focal or args.partner:  # the Compare page's bundle: the events of its pairs
        from .core.charts import compare as compare_charts

        comparison = (args.focal or "", tuple(args.partner))
        chosen = compare_charts.without_actors(chosen)
        pairs = compare_charts.comparison(dataset, chosen, *comparison).pairs
        events = filters.apply(chosen, dataset)
        events = events[events["id"].isin(set(pairs["event_id"]))]
    if events.empty:
        print(f"warning: no events match: {filters.describe(chosen, dataset)}", file=sys.stderr)
    figures = {c: chart_figure(c, dataset, chosen) for c in args.chart or charts.REGISTRY}
    images = not args.no_images and export.image_support() is None
    if not args.no_images and not images:
        print(f"warning: charts as HTML only: {export.image_support()}", file=sys.stderr)
    params = chosen.to_query_params()
    if comparison:  # the Compare page's link: its preset, or its own focal actor and partners
        view, _ = view_state.from_query_params({"focal": [comparison[0]], "partner": list(comparison[1])},
                                               view_state.Choices(frozenset(dataset.actors["id"]), frozenset(),
                                                                  frozenset(), frozenset(), PRESET_ACTORS, frozenset()))
        params |= view_state.to_query_params(view, "compare")
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    app_url = (args.app_url or "").rstrip("/") + "/compare" if comparison else args.app_url or ""
    data = bundle.build(dataset, chosen, events, figures=figures, share_query=query, app_url=app_url,
                        images=images, exported=date.today(), comparison=comparison)  # fmt: skip
    _write(data, args.output or bundle.bundle_name(chosen))
    return 0


def _unwritable(output: str) -> str | None:
    """Why `output` cannot be written (checked before the brief is built), else None."""
    path = Path(output)
    if path.is_dir():
        return f"cannot write {output}: it is a folder"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"cannot write {output}: no folder {parent}"
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"cannot write {output}: permission denied"
    return None


def _brief_view(dataset, args) -> brief.View:
    """The page's own choices (--lanes, --preset/--focal/--partner, --topic/--pair, --doc) read as
    the URL's view parameters are (core.view_state): an unknown value is a warning and dropped."""
    given = {"lanes": [args.lanes] if args.lanes else [], "preset": [args.preset] if args.preset else [],
             "focal": [args.focal] if args.focal else [], "partner": list(args.partner),
             "topic": [args.topic] if args.topic else [], "pair": [args.pair] if args.pair else [],
             "doc": [args.doc] if args.doc else []}  # fmt: skip
    state, notices = view_state.from_query_params({k: v for k, v in given.items() if v},
                                                  view_state.choices_of(dataset))
    for notice in notices:
        print(f"warning: {notice}", file=sys.stderr)
    return brief.from_view_state(args.page, state, bins=args.bins)


def cmd_brief(args) -> int:
    fmt = Path(args.output).suffix.lstrip(".").lower() if args.output else "pdf"
    if fmt not in brief_file.FORMATS:
        print(f"cannot tell the format from {args.output!r}; name the file .pdf or .html", file=sys.stderr)
        return 2
    if fmt == "pdf" and (problem := brief_file.support("pdf")):
        print(problem, file=sys.stderr)
        return 1
    if args.output and (problem := _unwritable(args.output)):
        print(problem, file=sys.stderr)
        return 1
    dataset = _load_or_report(args)
    if dataset is None:
        return 1
    chosen = _chosen_filters(dataset, args)
    view = _brief_view(dataset, args)
    try:
        data = brief_file.build(dataset, chosen, view, fmt=fmt, paper=args.paper, app_url=args.app_url or "")
    except pdf.PdfUnavailable as err:
        print(f"no PDF written: {err}", file=sys.stderr)
        return 1
    output = args.output or brief_file.filename(chosen, view, fmt)
    try:
        _write(data, output)
    except OSError as err:
        print(f"cannot write {output}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def cmd_add_source(args) -> int:
    from .core import ingest  # its libraries (trafilatura, pypdf) load only for this command

    data_paths = paths.resolve(args.data, args.seeds)
    given = {"id": args.id, "title": args.title, "authors": args.author, "published": args.published,
             "url": args.url, "kind": args.kind, "language": args.language}  # fmt: skip
    try:
        added = ingest.add_source(Path(args.file), data_paths.data, data_paths.seeds, given)
    except ingest.IngestError as err:
        print(f"refused: {err}; nothing written", file=sys.stderr)
        return 1
    print(f"added source {added.source_id!r}: seed {added.seed.name} ({len(added.seed.read_bytes()):,} bytes), "
          f"entry appended to {data_paths.data / 'sources.yaml'}")  # fmt: skip
    unknown = [k for k in ("title", "authors", "published", "url") if not added.entry.get(k)]
    if unknown:
        print(f"not in the file, left null: {', '.join(unknown)}", file=sys.stderr)
    print(f"next: python -m dashboard draft {added.source_id}")
    return 0


def cmd_schema(args) -> int:
    if not args.check:
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
    p.add_argument("--no-cache", action="store_true", help="validate every file from scratch (default: only "
                   "the events files changed since the last run, with a per-file cache beside the snapshots)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("grounding", help="claims checked against their passages: findings and declared inferences")
    _add_data_args(p)
    p.add_argument("--strict", action="store_true", help="exit 1 on any finding")
    p.set_defaults(func=cmd_grounding)
    p = sub.add_parser("coverage", help="share of each seed cited; date mentions not yet covered")
    _add_data_args(p)
    p.add_argument("--strict", action="store_true", help="exit 1 when a date mention is uncovered")
    p.set_defaults(func=cmd_coverage)
    p = sub.add_parser("export", help="export the (filtered) events, or a citation bundle (zip)")
    p.add_argument("what", choices=["events", "bundle"],
                   help="events: JSON or CSV; bundle: data, sources, citations, data package and charts")
    p.add_argument("--format", choices=["json", "csv"], default="json", help="events only")
    p.add_argument("-o", "--output", help="file to write (default: standard output; for a bundle a file "
                   "named after the filters)")
    p.add_argument("--chart", action="append", default=[], help="bundle only: a chart to include "
                   "(repeatable; default: every chart of `render --list`)")
    p.add_argument("--no-images", action="store_true", help="bundle only: HTML charts only, no PNG")
    p.add_argument("--focal", help="bundle only: as the Compare page, the focal actor of the pairs")
    p.add_argument("--partner", action="append", default=[], help="bundle only: a partner of --focal (repeatable)")
    p.add_argument("--app-url", help="bundle only: the dashboard's address, to make the share link absolute")
    _add_data_args(p)
    _add_filter_args(p)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("render", help="draw one chart as PNG, SVG or standalone HTML, as the app does",
                       epilog="Exit status: 0 written; 1 bad data or no matching events; 2 unknown chart, "
                       "bad option, or PNG/SVG without a browser.")
    p.add_argument("chart", nargs="?", help="chart id (see --list)")
    p.add_argument("--list", action="store_true", help="name every chart, with a one-line description")
    p.add_argument("--format", choices=export.FORMATS, help="default: from the -o suffix, else png")
    p.add_argument("-o", "--output", help="file to write (default: a name that says what the chart shows; "
                   "- for standard output)")
    p.add_argument("--scale", type=float, default=2.0, help="PNG pixels per layout pixel (default 2)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="a chart option, e.g. --set lanes=theme (repeatable)")
    _add_data_args(p)
    _add_filter_args(p)
    p.set_defaults(func=cmd_render)
    p = sub.add_parser("brief", help="a briefing document of a view: PDF (or one offline HTML file)",
                       epilog="Exit status: 0 written; 1 bad data, no browser for the PDF or -o not writable; "
                       "2 a file name that is neither .pdf nor .html.")
    p.add_argument("-o", "--output", help="FILE.pdf or FILE.html (default: a PDF named after the view)")
    p.add_argument("--page", choices=brief.PAGES, default="timeline", help="the page whose view it briefs")
    p.add_argument("--paper", choices=list(pdf.PAPERS), default="a4")
    p.add_argument("--lanes", help="timeline: lanes by actor pair (actors, the default) or primary theme (theme)")
    p.add_argument("--preset", help="compare: a preset comparison (" + ", ".join(analysis.PRESETS)
                   + "; default: the first), as the link's preset=")
    p.add_argument("--focal", help="compare: the focal actor (default: the page's first comparison)")
    p.add_argument("--partner", action="append", default=[], help="compare: a partner (repeatable)")
    p.add_argument("--bins", choices=list(analysis.BIN_CHOICES), default="periods",
                   help="compare: tone over time by named periods or 10- or 5-year bins")
    p.add_argument("--topic", "--chosen-theme", dest="topic", help="themes: the theme chosen on the page, as the "
                   "link's topic= (default: the busiest)")
    p.add_argument("--pair", help="themes: list only the theme's events of this pair, as the link's pair= "
                   "(FOCAL-PARTNER, e.g. PAN-RUS)")
    p.add_argument("--doc", help="sources: the document open in the reader (a source id), as the link's doc=")
    p.add_argument("--app-url", help="the dashboard's address, to make the share link absolute")
    _add_data_args(p)
    _add_filter_args(p)
    p.set_defaults(func=cmd_brief)
    p = sub.add_parser("draft", help="draft events for the date mentions of a source no passage covers yet")
    p.add_argument("source", help="source id (sources.yaml)")
    p.add_argument("-o", "--output", help="file to write (default: <data>/drafts/SOURCE.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing drafts file")
    _add_data_args(p)
    p.set_defaults(func=cmd_draft)
    p = sub.add_parser("add-source", help="a new seed from a .txt, .html or .pdf file, and its sources.yaml entry")
    p.add_argument("file", help="the document (.txt, .html/.htm, .pdf)")
    p.add_argument("--id", help="source id (default: from the title or the file name)")
    p.add_argument("--title", help="default: the file's metadata")
    p.add_argument("--author", action="append", default=[], help="repeatable; default: the file's metadata")
    p.add_argument("--published", help="partial date; default: the file's metadata, else null")
    p.add_argument("--url", help="default: the page's canonical URL, else null")
    p.add_argument("--kind", choices=list(typing.get_args(schema.SourceKind)), help="default: news for HTML, "
                   "analysis for PDF, essay for text (noted in the entry)")
    p.add_argument("--language", help="ISO 639-1; default: the page's language, else en (noted)")
    _add_data_args(p)
    p.set_defaults(func=cmd_add_source)
    p = sub.add_parser("schema", help="write the JSON Schemas for editors into schemas/")
    p.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are stale")
    p.set_defaults(func=cmd_schema)
    return parser


def _add_filter_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (as in the app's URL)")
    group.add_argument("--from", dest="date_from", help="year or ISO date")
    group.add_argument("--to", dest="date_to", help="year or ISO date")
    for name in ("theme", "actor", "source", "tone", "confidence", "perspective", "kind"):
        group.add_argument(f"--{name}", action="append", default=[], help="repeatable")
    group.add_argument("--basis", help="event: dated by the event itself; reported: only by a report")
    group.add_argument("--q", help="search titles, summaries, notes, quotes and actor names (case, accents and word forms do not matter)")
    group.add_argument("--period", help="a named period id from periods.yaml")
    group.add_argument("--match", choices=["all", "any"], help="events with all (default) or any chosen actor")
    group.add_argument("--no-predecessors", action="store_true", help="do not count the Soviet Union as Russia")
    group.add_argument("--within", action="store_true",
                       help="leave out events whose date only overlaps --from/--to/--period (may fall outside)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
