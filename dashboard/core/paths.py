"""Where the curated data and the seeds are: arguments first, then environment, then the bundled copies."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED_DATA = REPO / "curated"
BUNDLED_SEEDS = REPO / "seeds"


@dataclass(frozen=True)
class DataPaths:
    data: Path
    seeds: Path


def resolve(
    data: str | Path | None = None,
    seeds: str | Path | None = None,
    env: Mapping[str, str] = os.environ,
) -> DataPaths:
    """--data/--seeds beat DASHBOARD_DATA/DASHBOARD_SEEDS, which beat the bundled folders."""
    data = data or env.get("DASHBOARD_DATA") or BUNDLED_DATA
    seeds = seeds or env.get("DASHBOARD_SEEDS") or BUNDLED_SEEDS
    return DataPaths(Path(data).expanduser().resolve(), Path(seeds).expanduser().resolve())
