"""The seeds are evidence: byte-identical to the shared originals, and their checksums curated."""

import hashlib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "seeds"
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/seeds is not beside this clone")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_is_byte_identical_to_shared(seed):
    assert seed.read_bytes() == (SHARED / seed.name).read_bytes()


def test_every_seed_is_described_with_its_checksum():
    sources = yaml.safe_load((REPO / "curated" / "sources.yaml").read_text(encoding="utf-8"))
    by_file = {s["file"]: s["sha256"] for s in sources}
    assert sorted(by_file) == [p.name for p in SEEDS]
    for seed in SEEDS:
        assert hashlib.sha256(seed.read_bytes()).hexdigest() == by_file[seed.name]
