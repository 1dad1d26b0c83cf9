"""Chart builders: each a pure function from DataFrames to a plotly Figure, tested without a browser.

`REGISTRY` names every chart the app and `python -m dashboard render` can draw: the union of
the `CHARTS` dicts of the chart modules, `{chart_id: chart_fn(dataset, filters, **options)}`.
A chart id must be unique across modules."""

from __future__ import annotations

from collections.abc import Callable

from . import compare, themes, timeline

CHART_MODULES = (timeline, compare, themes)


def _collect() -> dict[str, Callable]:
    registry: dict[str, Callable] = {}
    for module in CHART_MODULES:
        for chart_id, chart_fn in module.CHARTS.items():
            if chart_id in registry:
                raise RuntimeError(f"chart id {chart_id!r} is defined twice (again in {module.__name__})")
            registry[chart_id] = chart_fn
    return registry


REGISTRY: dict[str, Callable] = _collect()


def description(chart_id: str) -> str:
    """One line about the chart: the first line of its function's docstring ('' when it has none)."""
    doc = (REGISTRY[chart_id].__doc__ or "").strip()
    return doc.splitlines()[0].strip() if doc else ""
