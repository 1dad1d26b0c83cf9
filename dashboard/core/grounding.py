"""Whether an event's claims stay inside what it quotes: its actors, proper names, numbers and dates.

An event's *evidence* is its quoted passages plus the sentence that holds each quote; for a
source whose `evidence` is `footnote` (a footnotes-only seed), the whole footnote. Four checks:
- actors: every actor of the event is named in the evidence (``naming.py``: names, aliases,
  demonyms and metonyms);
- names: every proper name of the title and summary occurs in the evidence. A proper name is a
  capitalised word or run of words that is not the first word of a sentence, a month or weekday,
  a word of an actor's names or a theme label;
- numbers: every number of the title and summary ("200", "200+", "$10 billion", "4,321", "two
  hundred") occurs in the evidence by value, in digits or words;
- dates: `date_basis: event` — every year of the date is in the evidence ("1990s" holds its ten
  years); `reported` — the report's date (year, and month when the date gives one) is in the
  evidence, or is the date of the source itself (`published`): then the source is the report.
A declared inference (`inferred: [{field, value, reason}]`) silences its finding and is listed
in the report; one that silences nothing is a finding itself (the passages state it: drop it).

Fast at 100,000 events: patterns are compiled once, each seed's sentence bounds are computed
once, and each evidence span's words and numbers once; the title and summary's names and numbers
are cached by text (summaries repeat). A claim's names are worked out only when one of its words
that can name is missing from the evidence (`name_words`); plain digits are found without a
regex when nothing can extend them (`Evidence.has_digits`); "10 billion" is looked for by its
digits before the set of all the evidence's numbers is made; a claim's word or a date's month
found as written ("Gref", "June") needs no casefolded copy of the evidence; a claim's numbers and
their probes come from one scan, and a day's date claims what its month claims.
tests/test_grounding_fast.py checks each shortcut against the plain way.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import naming
from .dates import parse_date

CHECKS = ("actors", "names", "numbers", "dates")
WHERE = "the passages or their sentences"

# -- Sentences and footnotes --------------------------------------------------------------------

_FOOTNOTE_MARK = re.compile(r"^[ \t]*\d+\.[ \t]+\d+\.[ \t]*$", re.M)
# A full stop ends no sentence after a single capital ("U.S.", "J. Smith") or one of these.
ABBREVIATIONS = ("Mr Mrs Ms Dr St No Nos Vol pp ed eds vs cf etc Jr Sr Gen Col Lt Sen Rep Gov Pres Inc Co Ltd "
                 "Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec approx e.g i.e").split()  # fmt: skip


def _not_after_abbreviation() -> str:
    """Lookbehinds (one per length: each must be of fixed width) that refuse a full stop ending an
    abbreviation, checked by the regex engine itself instead of a search per sentence end."""
    by_length: dict[int, list[str]] = {1: ["[A-Z]"]}
    for word in ABBREVIATIONS:
        by_length.setdefault(len(word), []).append(re.escape(word))
    return "".join(rf"(?<!\b(?:{'|'.join(words)})\.)" for _, words in sorted(by_length.items()))


# A line break, or . ! ? (then closing quotes or brackets) and spaces before what can start a
# sentence. The pattern starts with a character class, so the regex engine skips at C speed to
# the next candidate.
_SENTENCE_END = re.compile(
    rf"[.!?\n](?:(?<=\n)|{_not_after_abbreviation()}[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9]))")


def sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence (or a line) begins, 0 first; not after "U.S." or "Mr."."""
    return [0, *[m.end() for m in _SENTENCE_END.finditer(text)]]


def footnote_starts(text: str) -> list[int]:
    """Footnote-style seed: each footnote (its "12. 11." marker line to the next marker, or to a
    blank line after the last) is one unit; the text before the first footnote goes by sentence."""
    marks = [m.start() for m in _FOOTNOTE_MARK.finditer(text)]
    if not marks:
        return sentence_starts(text)
    starts = [s for s in sentence_starts(text[: marks[0]])] + marks
    tail = text.find("\n\n", text.find("\n", marks[-1]) + 1)
    if tail != -1:
        starts.append(tail)
    return starts


class Units:
    """Sentence (or footnote) bounds of each seed, computed once per seed."""

    def __init__(self, texts: Mapping[str, str], kinds: Mapping[str, str]):
        self.texts, self.kinds = texts, kinds
        self._starts: dict[str, list[int]] = {}

    def starts(self, source: str) -> list[int]:
        found = self._starts.get(source)
        if found is None:
            text = self.texts[source]
            found = footnote_starts(text) if self.kinds.get(source) == "footnote" else sentence_starts(text)
            self._starts[source] = found
        return found

    def around(self, source: str, start: int, end: int) -> tuple[int, int]:
        """The span of the units that hold text[start:end]."""
        starts, size = self.starts(source), len(self.texts[source])
        first = starts[bisect.bisect_right(starts, start) - 1]
        after = bisect.bisect_left(starts, max(end, start + 1))
        return first, starts[after] if after < len(starts) else size


# -- Numbers ------------------------------------------------------------------------------------

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}  # fmt: skip
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_ORDINALS = {w: i for i, w in enumerate(
    "_ first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()) if i}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12}  # fmt: skip
_MAGNITUDES = _SCALES | {"bn": 1_000_000_000, "bln": 1_000_000_000, "mn": 1_000_000, "mln": 1_000_000,
                         "m": 1_000_000, "k": 1_000, "tn": 1_000_000_000_000}  # fmt: skip
_NUMBER_WORDS = frozenset([*_UNITS, *_TENS, *_SCALES])
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# A number in digits: "4,321", "3.5", "200" (then "+", then a magnitude: "10 billion", "$10bn"),
# not inside a word or after a decimal point or comma. It starts with the digit itself (the
# lookbehind after it), so the regex engine skips at C speed to the next digit.
_DIGITS = re.compile(
    r"(\d(?<![\w.,]\d)(?:\d{0,2}(?:,\d{3})+(?!\d)|\d*(?:\.\d+)?))(\+)?"
    r"(?:(?:\s|-)?((?i:thousand|million|billion|trillion|bln|bn|mln|mn|tn|m|k))\b)?"
)
_WORD_NUMBER = re.compile(rf"(?<![\w-])(?:{_NUMBER_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_NUMBER_WORD}))*(?![\w-])")
_CLAIM_SKIP = frozenset(("one", "dozen", "hundred", "thousand", "million"))
# Every number word holds one of these (fourteen holds four, ninety nine): a lowercased text that
# holds none of them has no number in words, and is not scanned for one.
_NUMBER_WORD_PARTS = tuple(sorted(w for w in _NUMBER_WORDS if not any(o != w and o in w for o in _NUMBER_WORDS)))


_NUMBER_WORD_GAP = re.compile(r"\s+and\s+|\s+|-")


def _words_value(text: str) -> int:
    total, current = 0, 0
    for word in _NUMBER_WORD_GAP.split(text.lower()):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total, current = total + max(current, 1) * _SCALES[word], 0
    return total + current


def numbers_in(text: str, claim: bool = False, words: frozenset[str] | None = None) -> list[tuple[str, float]]:
    """(as written, value) of every number in text, in digits or words. For a claim (title,
    summary) a lone "one", "dozen" or "hundred" is left out: "one of the closest" claims no number.
    `words` (text's casefolded words, when known) skips the word scan when no number word is there."""
    return [(written, value) for written, value, _, _ in _numbers(text, claim, words)]


def _claim_numbers(text: str) -> tuple[tuple[str, float, str | None, str | None], ...]:
    """`_numbers` of a claim (title, summary), as the grounder caches them."""
    return tuple(_numbers(text, claim=True))


def _numbers(text: str, claim: bool = False, words: frozenset[str] | None = None
             ) -> list[tuple[str, float, str | None, str | None]]:  # fmt: skip
    """`numbers_in`, each number with what `_stated_as` looks for, read off the digit pattern's own
    groups: (written, value, digits, probe). `digits`: the plain digits of "200" or "200+", found
    as text; `probe`: the digits another number written with digits starts with ("10 billion":
    "10"; "500,000"); both None for a number in words."""
    found, magnitudes = [], None
    for m in _DIGITS.finditer(text):
        number, plus, magnitude = m.groups()
        if magnitude:
            if magnitudes is None:
                magnitudes = set()
            magnitudes.add(m.start(3))  # "billion" of "10 billion" is no number of its own
            found.append((m.group().strip(), float(number.replace(",", "")) * _MAGNITUDES[magnitude.lower()], None, number))
        elif "," in number or "." in number:
            found.append((m.group(), float(number.replace(",", "")), None, number))
        else:  # plain digits ("200", "200+")
            found.append((number + plus if plus else number, float(number), number, None))
    low = text.lower()
    if _may_hold_number_words(low) if words is None else not _NUMBER_WORDS.isdisjoint(words):
        for m in _WORD_NUMBER.finditer(low):
            if (magnitudes is None or m.start() not in magnitudes) and not (claim and m.group() in _CLAIM_SKIP):
                found.append((text[m.start() : m.end()], float(_words_value(m.group())), None, None))
    return found


def _may_hold_number_words(low: str) -> bool:
    """Whether a lowercased text holds a number word, maybe inside a longer word (a loop of
    substring tests: cheaper than the scan of `_WORD_NUMBER` that it spares most claims)."""
    for part in _NUMBER_WORD_PARTS:
        if part in low:
            return True
    return False


def _ends_number(text: str, end: int, size: int) -> bool:
    """Whether a run of digits that `_DIGITS` starts to match and that ends at `end` is the whole
    match, magnitude-free: no digit follows, nor a decimal or thousands group, "+", a letter, or a
    space or hyphen before what may be a magnitude ("10 billion"). False when unsure."""
    if end == size:
        return True
    c = text[end]
    if c.isalnum() or c == "+":
        return False
    if c in ",.":
        return end + 1 == size or not text[end + 1].isdigit()
    if c == "-" or c.isspace():
        return end + 1 == size or (text[end + 1].isascii() and text[end + 1].lower() not in "tmbk")
    return True


def _number_values(text: str, words: frozenset[str]) -> frozenset[float]:
    """Every number's value in evidence text (findall: no match objects, the hot path)."""
    values = set()
    for digits, _, magnitude in _DIGITS.findall(text):
        value = float(digits.replace(",", "")) if "," in digits else float(digits)
        values.add(value * _MAGNITUDES[magnitude.lower()] if magnitude else value)
    if not _NUMBER_WORDS.isdisjoint(words):  # "10 billion" adds 1e9 too: harmless, it is no claim
        values.update(float(_words_value(w)) for w in _WORD_NUMBER.findall(text.lower()))
    values.update(float(_ORDINALS[w]) for w in words if w in _ORDINALS)  # "19th" is 19 by its digits
    return frozenset(values)


# -- Words, names, years ------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"(?=[12])(?<!\d)(1[0-9]\d\d|20\d\d)(s)?(?!\d)")
_MONTH_NAMES = {calendar.month_name[i].lower(): i for i in range(1, 13)}
_MONTH_WORDS = {**_MONTH_NAMES, **{calendar.month_abbr[i].lower(): i for i in range(1, 13)}, "sept": 9}
_NOT_NAMES = set(_MONTH_NAMES) | {calendar.day_name[i].lower() for i in range(7)}
_CAPITALISED = re.compile(r"[^\W\d_][\w]*|\d\w*[^\W\d_]\w*")  # a word; names need a capital first letter
_CLAIM_SENTENCE = re.compile(r"[.!?:;][\"'”’)]*\s+")


def fold(text: str) -> str:
    """Casefolded, accents dropped: "Chávez" and "Chavez" are one name."""
    text = text.casefold()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _word_forms(word: str) -> tuple[str, ...]:
    word = fold(word)
    forms = [word]
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return tuple(forms)


@functools.lru_cache(maxsize=65_536)
def word_forms(word: str) -> frozenset[str]:
    """The forms of a claim's word that count as the same word in evidence: "Sandinistas" is
    found as "sandinista", "Gref" as "gref's" (whose words are "gref" and "s")."""
    return frozenset(f + end for f in _word_forms(word) for end in ("", "s", "es"))


def _years(text: str) -> frozenset[int]:
    """Years written in text; "1990s" holds 1990 to 1999."""
    years = set()
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        years.update(range(year, year + 10) if m.group(2) and year % 10 == 0 else (year,))
    return frozenset(years)


class Evidence:
    """What one evidence span holds: its text, and (computed on first use, once per span) its
    words, numbers, years and months. Lazy, because most events need only some of them."""

    __slots__ = ("_folded", "_low", "_months", "_numbers", "_plain", "_words", "_years", "text")

    def __init__(self, text: str):
        self.text = text
        self._words = self._numbers = self._years = self._months = self._low = self._folded = self._plain = None

    @property
    def folded(self) -> str:
        """The text casefolded."""
        if self._folded is None:
            self._folded = self.text.casefold()
        return self._folded

    @property
    def plain(self) -> str:
        """The casefolded text without accents when it has any non-ASCII character, else ""."""
        if self._plain is None:
            folded = self.folded
            self._plain = "" if folded.isascii() else unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
        return self._plain

    @property
    def low(self) -> str:
        """The text casefolded, followed (when it has any non-ASCII character) by itself without accents."""
        if self._low is None:
            folded = self.folded
            self._low = folded if folded.isascii() else folded + "\n" + self.plain
        return self._low

    def has_word(self, forms: Iterable[str]) -> bool:
        """Whether one of the (casefolded) forms occurs as a whole word: a substring search with a
        boundary check, much cheaper than the set of all words when a claim has a few names.
        The text without accents is made only when the casefolded one does not hold the word."""
        if not isinstance(forms, (tuple, list, frozenset, set)):
            forms = tuple(forms)  # read twice below
        folded = self.folded
        if _has_any(folded, forms):
            return True
        return not folded.isascii() and _has_any(self.plain, forms)

    def has_form(self, stems: tuple[str, ...]) -> bool:
        """`has_word` for the forms of `_form_groups` (by stem)."""
        folded = self.folded
        if _has_form(folded, stems):
            return True
        return not folded.isascii() and _has_form(self.plain, stems)

    def has_value(self, digits: str, value: float) -> bool:
        """Whether a number written with these digits occurs with exactly this value ("200" is not
        found in "2009" nor in "200 million")."""
        text = self.text
        at = text.find(digits)
        while at != -1:
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in ".,"):
                m = _DIGITS.match(text, at)
                if m:
                    found = float(m.group(1).replace(",", ""))
                    if (found * _MAGNITUDES[m.group(3).lower()] if m.group(3) else found) == value:
                        return True
            at = text.find(digits, at + 1)
        return False

    def has_digits(self, digits: str) -> bool:
        """`has_value(digits, float(digits))` for plain digits ("200", "2009"), the commonest claim:
        an occurrence that nothing can extend (`_ends_number`) is that number, without a regex match."""
        text = self.text
        at = text.find(digits)
        if at == -1:
            return False
        size, n, value = len(text), len(digits), None
        while at != -1:
            before = text[at - 1] if at else " "
            if not (before.isalnum() or before in ".,"):
                if before != "_" and _ends_number(text, at + n, size):
                    return True
                m = _DIGITS.match(text, at)
                if m:
                    found = float(m.group(1).replace(",", ""))
                    value = float(digits) if value is None else value
                    if (found * _MAGNITUDES[m.group(3).lower()] if m.group(3) else found) == value:
                        return True
            at = text.find(digits, at + 1)
        return False

    def has_year(self, year: int) -> bool:
        """The year as a number of its own, or its decade ("1990s")."""
        return _has_year(self.text, _year_forms(year)[1])

    @classmethod
    def of(cls, text: str) -> Evidence:
        return cls(text)

    @property
    def words(self) -> frozenset[str]:
        """Casefolded words, each also without accents."""
        if self._words is None:
            low = self.text.casefold()
            words = set(_WORD.findall(low))
            if not low.isascii():  # the words again without accents ("Colón" is also "colon")
                words.update(_WORD.findall(unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()))
            self._words = frozenset(words)
        return self._words

    @property
    def numbers(self) -> frozenset[float]:
        if self._numbers is None:
            self._numbers = _number_values(self.text, self.words)
        return self._numbers

    @property
    def years(self) -> frozenset[int]:
        if self._years is None:
            self._years = _years(self.text)
        return self._years

    @property
    def months(self) -> frozenset[int]:
        if self._months is None:
            self._months = frozenset(_MONTH_WORDS[w] for w in self.words if w in _MONTH_WORDS)
        return self._months


# A word with a capital first letter (the class leaves out "×", which is no letter).
_CAPITAL_WORD = re.compile(r"[A-Z\u00c0-\u00d6\u00d8-\u00de]\w*")
_RUN_GAP = re.compile(r"(?:\s+|\s*[-‐‑–]\s*|['’]s?\s+)")  # between two words of one name


def _can_name(word: str, ignore: frozenset[str]) -> bool:
    """Whether a capitalised word can be (part of) a proper name: not a month or weekday, not a
    lone lower-case letter, not one of `ignore`'s words in any of its forms."""
    return not (fold(word) in _NOT_NAMES or (len(word) == 1 and not word.isupper())
                or not word_forms(word).isdisjoint(ignore))  # fmt: skip


def proper_names(text: str, ignore: frozenset[str], known: dict[str, bool] | None = None) -> list[str]:
    """Capitalised words and runs of them in a claim: not a sentence's first word, not a month or
    weekday, not a word in `ignore` (actors' naming words, theme labels, casefolded). `known`:
    a cache of `_can_name` per word for this `ignore` (a grounder keeps one)."""
    if known is None:
        known = {}
    for word in _CAPITAL_WORD.findall(text):  # most claims have no capitalised word that can name:
        can = known.get(word)                  # then there is no name, whatever the positions
        if can is None:
            can = known[word] = _can_name(word, ignore)
        if can:
            break
    else:
        return []
    firsts = set()
    for pos in (0, *(m.end() for m in _CLAIM_SENTENCE.finditer(text))):
        first = _WORD.search(text, pos)
        if first:
            firsts.add(first.start())
    names: list[str] = []
    run: list[str] = []
    last_end = -1
    for m in _CAPITAL_WORD.finditer(text):
        word = m.group()
        start = m.start()
        if start in firsts or (start and text[start - 1] in "'’") or word.isdigit():
            continue  # a sentence's first word; the s of "Gref's" is no capital anyway
        can = known.get(word)
        if can is None:
            can = known[word] = _can_name(word, ignore)
        if not can:
            continue
        if run and text[last_end:start] != " " and not _RUN_GAP.fullmatch(text, last_end, start):
            names.append(" ".join(run))
            run = []
        run.append(word)
        last_end = m.end()
    if run:
        names.append(" ".join(run))
    return list(dict.fromkeys(names))


def name_words(text: str, ignore: frozenset[str], known: dict[str, bool]) -> list[str]:
    """The capitalised words of a claim that can be part of a name, once each: every word of every
    `proper_names` name is one of them (a later sentence's first word may be too; the text's first
    word is left out when it is capitalised, as there). When the evidence holds them all, it holds
    every name, and the names themselves need not be worked out."""
    found = _CAPITAL_WORD.findall(text)
    first = _WORD.search(text)
    if found and _CAPITAL_WORD.match(text, first.start()):  # no capitalised word starts before it
        del found[0]
    words = []
    for word in dict.fromkeys(found):
        can = known.get(word)
        if can is None:
            can = known[word] = _can_name(word, ignore)
        if can:
            words.append(word)
    return words


# -- Evidence marks, as readers see them --------------------------------------------------------


def evidence_marks(text: str, start: int, end: int, unit: str, patterns: Mapping, actors: Iterable[str],
                   units: Units | None = None) -> list[tuple[int, int, str]]:  # fmt: skip
    """(start, end, actor) of the words that name one of `actors` in the evidence of the quote
    text[start:end] (its sentence, or footnote), as offsets into text: what grounds the tags."""
    units = units or Units({"": text}, {"": unit})
    first, last = units.around("", start, end)
    wanted = set(actors)
    return [(a + first, b + first, actor) for a, b, actor in naming.marks(text[first:last], patterns)
            if actor in wanted]  # fmt: skip


# -- Declared inferences, as readers see them ---------------------------------------------------

WHAT = {"actors": "", "names": "the name ", "numbers": "the number ", "dates": "the date "}


def inference_text(item: Mapping, actor_names: Mapping[str, str] | None = None) -> str:
    """'Venezuela — because …', 'the number 200 — because …': one declared inference in words."""
    value = str(item["value"])
    if item["field"] == "actors":
        value = (actor_names or {}).get(value, value)
    elif item["field"] == "names":
        value = f"“{value}”"
    return f"{WHAT.get(item['field'], '')}{value} — because {item['reason']}"


# -- The checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One ungrounded claim of one event, located for the curator."""

    check: str  # actors | names | numbers | dates
    event_id: str
    file: str
    line: int
    field: str  # the event field holding the claim
    value: str  # what is missing, as written
    message: str
    source: str  # the event's first source (the report groups by it)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.event_id}: {self.message}"


@dataclass(frozen=True)
class Declared:
    """A declared inference, as the report lists it."""

    event_id: str
    file: str
    line: int
    field: str
    value: str
    reason: str
    source: str


@dataclass
class Report:
    """Findings and declared inferences of every event checked."""

    findings: list[Finding] = field(default_factory=list)
    declared: list[Declared] = field(default_factory=list)
    checked: int = 0

    def by_source(self) -> dict[str, tuple[list[Finding], list[Declared]]]:
        out: dict[str, tuple[list[Finding], list[Declared]]] = {}
        for f in self.findings:
            out.setdefault(f.source, ([], []))[0].append(f)
        for d in self.declared:
            out.setdefault(d.source, ([], []))[1].append(d)
        return dict(sorted(out.items()))


@dataclass(frozen=True)
class EventClaims:
    """What the grounding of one event needs (plain values, so tests can build them by hand)."""

    id: str
    file: str
    line: int
    title: str
    summary: str
    actors: tuple[str, ...]
    date: str
    date_basis: str
    spans: tuple[tuple[str, int, int], ...]  # (source, start, end) of each located quote
    inferred: tuple[Mapping, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)  # field -> line; "inferred[i]" too
    published: Mapping[str, str | None] = field(default_factory=dict)  # source -> its date


class Grounder:
    """Checks events against their evidence; reuse one for all events of a dataset.

    What repeats is computed once: each seed's sentence bounds, each evidence span (and, lazily,
    its lowercased text and values), each title's or summary's claims (names split into words
    with their forms, numbers with their digits), each date's years and months, each capitalised
    word's verdict (can it name?), and per actor the test that a text names it."""

    def __init__(self, texts: Mapping[str, str], units: Mapping[str, str], actors: Iterable[Mapping],
                 theme_labels: Iterable[str] = ()):  # fmt: skip
        rows = list(actors)
        self.units = Units(texts, units)
        self.patterns = naming.patterns_from(rows)
        self.names = {r["id"]: str(r["name"]) for r in rows}
        ignore = set()
        for row in rows:
            for word in naming.naming_words(row["name"], row.get("aliases") or (), row.get("naming_words") or ()):
                ignore.update(_WORD.findall(fold(word)))
        for label in theme_labels:
            ignore.update(_WORD.findall(fold(label)))
        self.ignore = frozenset(ignore)
        self._evidence: dict[tuple[str, int, int], Evidence] = {}
        self._claimed: dict[str, tuple] = {}  # claim text -> `_claims_of` (`_claims`)
        self._stems: dict[str, tuple] = {}  # capitalised word -> (word, `_form_groups(word)`)
        self._names = functools.lru_cache(maxsize=4_096)(self._names_of)
        self._can_name: dict[str, bool] = {}  # capitalised word -> can it be part of a name
        self._named = {actor: _namer(pattern) for actor, pattern in self.patterns.items()}

    def evidence(self, source: str, start: int, end: int) -> Evidence:
        """The evidence of the quote text[start:end] of a source (`Units.around`, inlined: it runs
        once per quote)."""
        units = self.units
        starts = units._starts.get(source) or units.starts(source)
        first = starts[bisect.bisect_right(starts, start) - 1]
        after = bisect.bisect_left(starts, end if end > start else start + 1)
        last = starts[after] if after < len(starts) else len(units.texts[source])
        key = (source, first, last)
        found = self._evidence.get(key)
        if found is None:
            found = self._evidence[key] = Evidence(units.texts[source][first:last])
        return found

    def evidence_spans(self, spans: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """(source, start, end) of the evidence of each quote: its sentence(s) or footnote."""
        return [(s, *self.units.around(s, a, b)) for s, a, b in spans]

    def _claims(self, text: str) -> tuple[tuple, tuple]:
        """`_claims_of`, once per text: a dict, cleared when it holds 65,536 texts (titles seldom
        repeat, summaries often)."""
        found = self._claimed.get(text)
        if found is None:
            if len(self._claimed) >= 65_536:
                self._claimed.clear()
            found = self._claimed[text] = self._claims_of(text)
        return found

    def _claims_of(self, text: str) -> tuple[tuple, tuple]:
        """A claim text's words that can name (`name_words`), each with its stems (`_form_groups`),
        and its numbers as (written, value, digits, probe) (`_claim_numbers`)."""
        stems, words = self._stems, []
        for word in name_words(text, self.ignore, self._can_name):
            found = stems.get(word)
            if found is None:
                found = stems[word] = (word, _form_groups(word))
            words.append(found)
        return tuple(words), _claim_numbers(text)

    def _names_of(self, text: str) -> tuple:
        """A claim text's proper names, each with its words and their stems (`_form_groups`)."""
        return tuple((name, tuple((w, _form_groups(w)) for w in name.split()))
                     for name in proper_names(text, self.ignore, self._can_name))  # fmt: skip

    def check(self, event: EventClaims) -> tuple[list[Finding], list[Declared]]:
        """The event's findings and its declared inferences that silence one."""
        missing = self.missing(event.title, event.summary, event.actors, event.date, event.date_basis, event.spans,
                               event.published)  # fmt: skip
        return self.settle(event, missing)

    def settle(self, event: EventClaims, missing: list[tuple[str, str, str, str]]) -> tuple[list[Finding], list[Declared]]:
        """`missing` (of this event) as findings, less those its declared inferences silence."""
        if not missing and not event.inferred:
            return [], []  # what _settle gives then, without its loops
        return _settle(event, missing, event.spans[0][0] if event.spans else "")

    def missing(self, title: str, summary: str, actors: Iterable[str], date: str, date_basis: str,
                spans: Sequence[tuple[str, int, int]], published: Mapping[str, str | None]
                ) -> list[tuple[str, str, str, str]]:  # fmt: skip
        """(check, field, value, message) of every claim of an event not in its evidence: from the
        plain fields, so a loader can skip building an `EventClaims` for an event that has none."""
        evidence = [self.evidence(*spans[0])] if len(spans) == 1 else [self.evidence(*s) for s in dict.fromkeys(spans)]
        out = []
        named = self._named
        for actor in actors:
            is_named = named.get(actor)
            if is_named is None:
                continue
            for ev in evidence:
                if is_named(ev.text):
                    break
            else:
                out.append(("actors", "actors", actor, f"actor {actor} is not named in {WHERE}: quote a passage "
                            "that names it, remove it, or declare it inferred"))  # fmt: skip
        for where, text in (("title", title), ("summary", summary)):
            words, numbers = self._claims(text)
            for word, stems in words:
                if not _holds_form(evidence, stems, word):  # some word is missing: which names lack it
                    out += self._absent_names(where, text, evidence)
                    break
            for written, value, digits, probe in numbers:
                if not _stated_as(value, digits, evidence, probe):
                    out.append(("numbers", where, written, f"number {written!r} is not in {WHERE}: quote a passage "
                                "that gives it, change the claim, or declare it inferred"))  # fmt: skip
        years, months = _date_claims(date, date_basis)
        if months is None:  # date_basis event: every year, each on its own
            for year, written in years:
                for ev in evidence:
                    if _has_year(ev.text, written):
                        break
                else:
                    out.append(("dates", "date", str(year), f"year {year} of the date is not in {WHERE}: quote a "
                                "passage that dates the event, change the date, or declare it inferred"))  # fmt: skip
        elif not (_reported_in(evidence, years, months) or _source_dated(spans, published, date)):
            out.append(("dates", "date", date, f"report date {date} is not in {WHERE} nor the source's date: "
                        "quote the passage that dates the report, change the date, or declare it inferred"))  # fmt: skip
        return out

    def _absent_names(self, where: str, text: str, evidence: list[Evidence]) -> list[tuple[str, str, str, str]]:
        """The names of a claim text with a word that is not in the evidence, as `missing` lists them."""
        out = []
        for name, words in self._names(text):
            absent = [word for word, stems in words if not _holds_form(evidence, stems, word)]
            if absent:
                out.append(("names", where, name, f"name {_short(name)!r} is not in {WHERE} (missing: "
                            f"{_short(', '.join(absent))}): quote a passage that gives it, change the claim, "
                            "or declare it inferred"))  # fmt: skip
        return out


def _holds_form(evidence: list[Evidence], stems: tuple[str, ...], word: str | None = None) -> bool:
    """Whether one of the evidence spans holds one of the forms of these stems (`Evidence.has_form`
    of each, inlined: it runs for every word of every claim). `word`: the claim's word as written;
    when it is ASCII and the evidence holds it as written (or + "s", "es"), it holds its first stem
    casefolded, so the casefolded evidence is not needed (names are mostly written alike)."""
    if word is not None and word.isascii():
        for ev in evidence:
            text = ev.text
            if word in text and _has_stem(text, word):
                return True
    for ev in evidence:
        folded = ev.folded
        for stem in stems:
            if stem in folded and _has_stem(folded, stem):
                return True
        if not folded.isascii():
            plain = ev.plain
            for stem in stems:
                if stem in plain and _has_stem(plain, stem):
                    return True
    return False


def _reported_in(evidence: list[Evidence], years: tuple, months: tuple) -> bool:
    """Whether every year of a report's date, and the month of each point that has one, is in
    the evidence (any span for each)."""
    for _, written in years:
        for ev in evidence:
            if _has_year(ev.text, written):
                break
        else:
            return False
    for forms in months:
        capitalised = _MONTH_CAPITALS[forms]  # "June" as written is "june" casefolded
        for ev in evidence:
            if _has_any(ev.text, capitalised) or ev.has_word(forms):
                break
        else:
            return False
    return True


def _namer(pattern: re.Pattern):
    """Whether a text names the pattern's actor (`naming.names`, with the pattern's kind decided once)."""
    if "skip" not in pattern.groupindex:
        return pattern.search
    return functools.partial(naming.names, pattern=pattern)


@functools.lru_cache(maxsize=65_536)
def _form_groups(word: str) -> tuple[str, ...]:
    """The stems of `word_forms(word)`: each form is a stem, or a stem + "s" or "es". A text that
    does not hold the stem holds none of its forms, so one substring search rules out three."""
    return tuple(dict.fromkeys(_word_forms(word)))


def _has_form(low: str, stems: tuple[str, ...]) -> bool:
    """`Evidence.has_word` for the forms of `_form_groups`: one occurs in low as a whole word."""
    for stem in stems:
        if stem in low and _has_stem(low, stem):
            return True
    return False


def _has_stem(low: str, stem: str) -> bool:
    """Whether stem, stem + "s" or stem + "es" occurs in low as a whole word (`_has_any` of the
    three forms, in one pass over the stem's occurrences)."""
    size, n = len(low), len(stem)
    at = low.find(stem)
    while at != -1:
        if at == 0 or not low[at - 1].isalnum():
            end = at + n
            if end == size or not low[end].isalnum():
                return True
            if low[end] == "s":
                if end + 1 == size or not low[end + 1].isalnum():
                    return True
            elif low[end] == "e" and low.startswith("s", end + 1) and (end + 2 == size or not low[end + 2].isalnum()):
                return True
        at = low.find(stem, at + 1)
    return False


def _has_any(text: str, forms: Iterable[str], inside=str.isalnum) -> bool:
    """Whether one of the forms occurs in text on its own: no character for which `inside` holds
    (a letter or digit: not inside a longer word; `str.isdigit` for a year) on either side."""
    size = len(text)
    for form in forms:
        at = text.find(form)
        while at != -1:
            end = at + len(form)
            if (at == 0 or not inside(text[at - 1])) and (end == size or not inside(text[end])):
                return True
            at = text.find(form, at + 1)
    return False


def _has_year(text: str, written: tuple[str, str]) -> bool:
    """`Evidence.has_year`, with the year's two spellings ("1995", "1990s") made once per date."""
    return _has_any(text, written, str.isdigit)


def _year_forms(year: int) -> tuple[int, tuple[str, str]]:
    return year, (str(year), f"{year - year % 10}s")


@functools.lru_cache(maxsize=65_536)
def _date_claims(date: str, basis: str) -> tuple | None:
    """What a date claims: (years, None) for `date_basis: event` (each year of the date, once),
    (years, month forms) for `reported` (each point's year, and its month's names when it has one)."""
    span = parse_date(date)  # raises for a day that does not exist, as it did before the shortcut below
    if isinstance(date, str) and len(date) == 10 and date[4] == "-" and date[7] == "-" and "/" not in date:
        return _date_claims(date[:7], basis)  # a day ("2010-08-31") claims what its month claims
    points = [p for p in (span.lower, span.upper) if p is not None]
    if basis == "event":
        return tuple(_year_forms(y) for y in dict.fromkeys(p.year for p in points)), None
    # A point date is its own lower and upper point: each year and month is checked once (all must hold).
    years = tuple(dict.fromkeys(_year_forms(p.year) for p in points))
    return years, tuple(dict.fromkeys(_MONTH_FORMS[p.month] for p in points if p.month is not None))


_MONTH_FORMS = {i: tuple(w for w, m in _MONTH_WORDS.items() if m == i) for i in range(1, 13)}
_MONTH_CAPITALS = {forms: tuple(w.capitalize() for w in forms) for forms in _MONTH_FORMS.values()}


def _stated_as(value: float, digits: str | None, evidence: list[Evidence], probe: str | None = None) -> bool:
    """Whether a claimed number is in the evidence (`digits` and `probe` as `_numbers` gives them).
    Plain digits ("200", "200+", "2009") are looked up as text first (cheap); for other numbers
    written with digits ("10 billion", "500,000") their `probe` digits ("10", "500,000"): when one
    occurrence of them has the value, so has a number of the evidence, and the set of all its
    numbers is not needed. Otherwise the value among every number the evidence holds (digits,
    words, magnitudes: "two hundred", "$10 Bln")."""
    if digits is not None:
        for ev in evidence:
            if ev.has_digits(digits):
                return True
        if len(digits) == 4:
            for ev in evidence:
                if ev.has_year(int(value)):
                    return True  # "1995" within "the 1990s"
    elif probe is not None:
        for ev in evidence:
            if ev.has_value(probe, value):
                return True
    return value in _union([ev.numbers for ev in evidence])


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _union(sets: list[frozenset]) -> frozenset:
    return sets[0] if len(sets) == 1 else frozenset().union(*sets)


def _is_source_date(event: EventClaims) -> bool:
    """A reported date that is the date of the quoted source: the source is the report."""
    return _source_dated(event.spans, event.published, event.date)


def _source_dated(spans: Iterable[tuple[str, int, int]], dates: Mapping[str, str | None], date: str) -> bool:
    for source, *_ in spans:
        published = dates.get(source)
        if published and (str(published).startswith(date) or date.startswith(str(published))):
            return True
    return False


def _matches(check: str, declared: str, value: str) -> bool:
    if check == "numbers":
        a, b = numbers_in(declared), numbers_in(value)
        return bool(a and b) and a[0][1] == b[0][1]
    declared, value = fold(declared).strip(), fold(value).strip()
    return declared == value or (check == "names" and declared in value.split())


def _settle(event: EventClaims, missing: list, source: str) -> tuple[list[Finding], list[Declared]]:
    """Declared inferences silence their findings; one that silences nothing is itself a finding."""
    findings, declared = [], []
    used = set()
    for check, where, value, message in missing:
        hit = next((i for i, d in enumerate(event.inferred)
                    if d["field"] == check and _matches(check, str(d["value"]), value)), None)  # fmt: skip
        if hit is None:
            line = event.lines.get(f"{where}:{value}") or event.lines.get(where, event.line)
            findings.append(Finding(check, event.id, event.file, line, where, value, message, source))
        else:
            used.add(hit)
    for i, d in enumerate(event.inferred):
        line = event.lines.get(f"inferred[{i}]", event.line)
        if d["field"] == "actors" and d["value"] not in event.actors:
            continue  # the loader reports it: an inferred actor must be one of the event's actors
        if i in used:
            declared.append(Declared(event.id, event.file, line, d["field"], str(d["value"]), d["reason"], source))
        else:
            findings.append(Finding(d["field"], event.id, event.file, line, f"inferred[{i}]", str(d["value"]),
                                    f"{d['field']} {d['value']!r} is declared inferred, but {WHERE} state it (or the "
                                    "claim is gone): remove this `inferred` entry", source))  # fmt: skip
    return findings, declared
