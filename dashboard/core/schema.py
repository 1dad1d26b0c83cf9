"""The data contract: what a curated file may contain, field by field.

One source of truth. The loader validates with these models, the JSON Schemas for curators'
editors are generated from them (``python -m dashboard schema``), and the README's data
dictionary is checked against them by a test. Cross-file rules (ids exist, quotes are found)
live in ``load.py``; this module checks each record on its own.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .dates import DateError, parse_date

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ACTOR_ID = r"^[A-Z][A-Z0-9]{1,11}$"
HEX_COLOR = r"^#[0-9A-Fa-f]{6}$"

Tone = Literal["cooperation", "neutral", "tension"]
Confidence = Literal["high", "medium", "low"]
DateBasis = Literal["event", "reported"]
EventKind = Literal[
    "visit", "agreement", "statement", "recognition", "diplomatic-relations", "sanction",
    "registration", "trade", "arms", "report", "membership", "aid", "establishment",
    "military", "policy", "assessment", "election",
]  # fmt: skip
SourceKind = Literal["essay", "analysis", "journal article", "encyclopedia", "news"]
ActorKind = Literal["state", "organisation", "non-state"]

#: Whose view a passage reports; the Themes page groups passages by these.
PERSPECTIVES: dict[str, str] = {
    "author": "The source's author",
    "russian-government": "Russian officials",
    "russian-media": "Russian media",
    "russian-experts": "Russian experts",
    "panamanian-government": "Panamanian officials",
    "panamanian-media": "Panamanian media",
    "panamanian-experts": "Panamanian experts",
    "us-government": "US officials",
    "us-media": "US media",
    "latin-american-government": "Other Latin American officials",
    "latin-american-media": "Latin American media",
    "international-media": "International media",
    "other": "Other",
}
Perspective = Literal[tuple(PERSPECTIVES)]  # type: ignore[valid-type]

#: How a draft's title, summary and tone rationale begin until a curator writes them (`draft`);
#: an event whose text still begins so fails validation.
PLACEHOLDER = "DRAFT:"

MAX_QUOTE = 600  # characters; curators aim for at most about 500


def _as_text(value: object) -> object:
    """YAML reads an unquoted 2025 as an int: a date is text either way."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


DateText = Annotated[str, BeforeValidator(_as_text)]


def _check_date(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_date(value)
        except DateError as err:
            raise ValueError(str(err)) from None
    return value


class Strict(BaseModel):
    """Unknown fields are errors: a typo such as `acters` must not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)


class TextQuote(Strict):
    """An exact quote of a seed, disambiguated like a W3C Web Annotation TextQuoteSelector."""

    quote: str = Field(min_length=1, max_length=MAX_QUOTE, description="Exact substring of the seed.")
    prefix: str | None = Field(None, description="Exact text just before the quote, when it occurs more than once.")
    suffix: str | None = Field(None, description="Exact text just after the quote, when it occurs more than once.")


class Passage(TextQuote):
    source: str = Field(pattern=SLUG, description="Id of a source in sources.yaml.")
    perspective: Perspective = Field("author", description="Whose view the passage reports.")


class NotEvent(TextQuote):
    reason: str = Field(min_length=3, description="Why this date mention is not an event.")


class Source(Strict):
    id: str = Field(pattern=SLUG, description="Short, stable id.")
    file: str = Field(pattern=r"^[\w.-]+$", description="File name in the seeds folder.")
    title: str = Field(min_length=1, description="Title as the text states it; [bracketed] when supplied.")
    authors: list[str] = Field(default_factory=list, description="Authors as the text names them.")
    publisher: str | None = Field(None, description="Publisher, or null when the text does not say.")
    container: str | None = Field(None, description="Journal or series.")
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    published: DateText | None = Field(None, description="Partial date, or null when the text does not say.")
    kind: SourceKind
    language: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code.")
    url: str | None = Field(None, pattern=r"^https?://\S+$", description="Null unless known; never invented.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Checksum of the seed file.")
    original_file: str | None = Field(None, description="The file the seed's text was extracted from (add-source).")
    original_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$", description="Checksum of that file.")
    note: str | None = None
    evidence: Literal["sentence", "footnote"] = Field(
        "sentence", description="What grounds a quote's claims besides the quote: its sentence, or its whole footnote.")
    clutter: list[str] = Field(default_factory=list, description="Exact strings of web clutter in the file.")
    not_events: list[NotEvent] = Field(default_factory=list, description="Date mentions skipped on purpose.")

    _published = field_validator("published")(_check_date)


class Actor(Strict):
    id: str = Field(pattern=ACTOR_ID, description="ISO 3166 alpha-3 for states, a short code otherwise.")
    name: str = Field(min_length=1)
    kind: ActorKind
    region: str
    aliases: list[str] = Field(default_factory=list)
    naming_words: list[Annotated[str, Field(min_length=2)]] = Field(
        default_factory=list, description="Demonyms and metonyms that name the actor in text (Russian, Moscow).")
    not_naming: list[Annotated[str, Field(min_length=2)]] = Field(
        default_factory=list, description="Phrases holding a naming word that name someone else (Latin American).")
    predecessor: str | None = Field(None, pattern=ACTOR_ID, description="Actor id of the state before.")
    successor: str | None = Field(None, pattern=ACTOR_ID, description="Actor id of the state after.")
    color: str = Field(pattern=HEX_COLOR)


class Theme(Strict):
    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=1)
    description: str = Field(min_length=1, description="In the curators' own words.")
    cameo: list[Annotated[str, Field(pattern=r"^\d{2,4}$")]] = Field(default_factory=list)
    plover: list[str] = Field(default_factory=list, description="PLOVER contexts, optional.")
    keywords: list[Annotated[str, Field(min_length=2)]] = Field(
        default_factory=list, description="Words that suggest the theme in a passage (for draft events).")
    color: str = Field(pattern=HEX_COLOR)
    passages: list[Passage] = Field(default_factory=list, description="Undated passages on the theme.")


class Period(Strict):
    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=1)
    start: DateText
    end: DateText
    description: str | None = None

    _dates = field_validator("start", "end")(_check_date)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if parse_date(self.end).end < parse_date(self.start).start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


InferredField = Literal["actors", "names", "numbers", "dates"]
MIN_REASON_WORDS = 4


class Inference(Strict):
    """A reading the passages support but do not state word for word, declared with its reason."""

    field: InferredField = Field(description="Which grounding check the inference answers.")
    value: DateText = Field(min_length=1, description="The actor id, name, number or year inferred.")
    reason: str = Field(min_length=12, description="Why the passages support it, in a historian's words.")

    @field_validator("reason")
    @classmethod
    def _a_real_reason(cls, value: str) -> str:
        if len(value.split()) < MIN_REASON_WORDS:
            raise ValueError(f"give a reason of at least {MIN_REASON_WORDS} words (why the passages support it)")
        return value


class Event(Strict):
    id: str = Field(pattern=SLUG, description="Unique slug across all event files.")
    date: DateText = Field(description="EDTF subset: YYYY[-MM[-DD]][~?%], A/B, A/.., ../B.")
    date_basis: DateBasis = Field(description="event: the text dates the event; reported: only a report's date.")
    title: str = Field(min_length=3, max_length=160)
    summary: str = Field(min_length=3, description="The curators' own words, no stronger than the passages.")
    actors: list[Annotated[str, Field(pattern=ACTOR_ID)]] = Field(min_length=1)
    themes: list[Annotated[str, Field(pattern=SLUG)]] = Field(min_length=1, description="Primary first.")
    kind: EventKind
    tone: Tone
    tone_rationale: str = Field(min_length=3)
    confidence: Confidence
    note: str | None = Field(None, description="Required unless confidence is high: what is unclear.")
    passages: list[Passage] = Field(min_length=1)
    inferred: list[Inference] = Field(default_factory=list, description="Declared inferences: claims not literal in the passages.")

    _date = field_validator("date")(_check_date)

    @field_validator("title", "summary", "tone_rationale")
    @classmethod
    def _written(cls, value: str) -> str:
        if value.lstrip().startswith(PLACEHOLDER):
            raise ValueError(f"still a draft's placeholder ({PLACEHOLDER} ...): write it in your own words")
        return value

    @model_validator(mode="after")
    def _note_when_unsure(self) -> Event:
        if self.confidence != "high" and not (self.note or "").strip():
            raise ValueError(f"confidence is {self.confidence}: add a `note` saying what is unclear")
        return self

    @field_validator("actors", "themes")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        repeated = sorted({v for v in value if value.count(v) > 1})
        if repeated:
            raise ValueError(f"listed more than once: {', '.join(repeated)}")
        return value


class DraftEvent(Event):
    """A draft in curated/drafts/ (`python -m dashboard draft`): an event's shape, with its
    placeholders allowed and actors or themes possibly empty. Never loaded into the app."""

    actors: list[Annotated[str, Field(pattern=ACTOR_ID)]] = Field(default_factory=list)
    themes: list[Annotated[str, Field(pattern=SLUG)]] = Field(default_factory=list)

    @field_validator("title", "summary", "tone_rationale")
    @classmethod
    def _written(cls, value: str) -> str:
        return value


#: Which model each curated file holds (a YAML list of records).
FILE_MODELS: dict[str, type[Strict]] = {
    "sources.yaml": Source,
    "actors.yaml": Actor,
    "themes.yaml": Theme,
    "periods.yaml": Period,
    "events/*.yaml": Event,
}


def model_for(relative_path: str) -> type[Strict] | None:
    """The model of a curated file, by its path relative to the data folder."""
    if re.fullmatch(r"events/[^/]+\.ya?ml", relative_path):
        return Event
    return FILE_MODELS.get(relative_path)


def json_schemas() -> dict[str, dict]:
    """One JSON Schema per curated file kind, for editors (yaml.schemas) and docs."""
    out = {}
    for pattern, model in FILE_MODELS.items():
        name = pattern.replace("/*", "").replace(".yaml", "")
        out[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"curated/{pattern}",
            "type": "array",
            "items": model.model_json_schema(),
        }
    return out


def documented_fields() -> dict[str, list[str]]:
    """Every field of every model, for the data dictionary test."""
    models = {"Source": Source, "NotEvent": NotEvent, "Actor": Actor, "Theme": Theme,
              "Period": Period, "Event": Event, "Passage": Passage, "Inference": Inference}  # fmt: skip
    return {name: list(model.model_fields) for name, model in models.items()}
