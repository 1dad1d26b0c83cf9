"""The README documents every field of the data contract, every command and every chore."""

import re
from pathlib import Path

import pytest

from dashboard.core import schema

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
DICTIONARY = README.split("## Data dictionary", 1)[1].split("\n## ", 1)[0]
FIELDS = sorted({(model, name) for model, names in schema.documented_fields().items() for name in names})


@pytest.mark.parametrize(("model", "name"), FIELDS)
def test_every_field_is_in_the_data_dictionary(model, name):
    assert re.search(rf"^\| `{re.escape(name)}` \|", DICTIONARY, re.M), f"{model}.{name} is not documented"


def test_dictionary_checked_something():
    assert len(FIELDS) > 30


@pytest.mark.parametrize("perspective", sorted(schema.PERSPECTIVES))
def test_every_perspective_is_listed(perspective):
    assert perspective in DICTIONARY


def test_readme_gives_the_two_commands_and_ci_calls_the_test_one():
    blocks = re.findall(r"```\n(.+?)\n```", README.split("## Two commands", 1)[1].split("\n## ", 1)[0])
    assert blocks[:2] == ["make run", "make test"]
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "make test" in ci


def test_committed_json_schemas_are_current():
    from dashboard.__main__ import main

    assert main(["schema", "--check"]) == 0
