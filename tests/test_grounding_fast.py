"""The fast forms of the grounding checks give what their plain forms give.

grounding.py computes some things the quick way (one regex instead of a regex and a search per
match, a stem test before three substring searches, the text without accents only when needed,
no EventClaims for a grounded event). Each is checked here against the plain way, written out
in the test, on random texts built from the pieces that matter (abbreviations, accents,
possessives, numbers, footnote marks)."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
import unicodedata

import pytest

from dashboard.core import grounding, load, paths

PIECES = ["U.S.", "US", "us", "Russia", "Russian", "Russians'", "Moscow", "Kremlin’s", "Panama", "Panamax",
          "Latin American", "Soviet\nUnion", "Chávez", "Chavez", "Gref's", "Colón", "İstanbul", "ß", "ﬁ", "ΣΑΣ", "×",
          "200", "200+", "2,000", "1,2345", "3.5", "10 billion", "$10bn", "10 Bln", "5 m", "3K", "A380", "two hundred",
          "Twenty-five", "19th", "1990s", "1995", "19901991", "March", "Mr. ", "Mrs.", "e.g. ", "i.e.", "approx. ",
          "Sept. ", "A. ", "J.", "Co.", "Inc. ", " ", "  ", "\t", "\n", "\n\n", ". ", "! ", "? ", ".\" ", ".) ", ": ",
          "’s ", "-", "_", "(", "“", "x", "a", "S", "  1. 1.\n", "  2. 2.\n", "Harry S Truman", "Ministry"]  # fmt: skip


def texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test texts, not secrets
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(n)]


# -- Sentence ends: one regex with lookbehinds = a regex, then a search per candidate ----------

_PLAIN_END = re.compile(r"[.!?][\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9])|\n")
_PLAIN_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:" + "|".join(re.escape(w) for w in grounding.ABBREVIATIONS) + r"))\.$")


def plain_sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _PLAIN_END.finditer(text):
        if m.group() != "\n" and _PLAIN_ABBREVIATION.search(text, max(0, m.start() - 8), m.start() + 1):
            continue
        starts.append(m.end())
    return starts


def test_sentence_starts_equal_the_plain_way():
    samples = [*texts(20_000), "The U.S. Senate met. Russia replied.", "Mr. Smith left. approx. 5 ships. Then",
               "It was e.g. here. I.e. there! Why? Yes.\nNo", "Sept. 5. Oct. 6. Dr. No. No. 5."]  # fmt: skip
    assert [grounding.sentence_starts(t) for t in samples] == [plain_sentence_starts(t) for t in samples]


# -- Numbers: the digit pattern starting with the digit = the one starting with a lookahead ------

_PLAIN_DIGITS = re.compile(
    r"(?=\d)(?<![\w.,])(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(\+)?"
    r"(?:(?:\s|-)?(thousand|million|billion|trillion|bln|bn|mln|mn|tn|m|k)\b)?", re.I)  # fmt: skip


def test_digit_pattern_equals_the_plain_way():
    for text in texts(20_000, seed=1):
        assert [(m.span(), m.groups()) for m in grounding._DIGITS.finditer(text)] == [
            (m.span(), m.groups()) for m in _PLAIN_DIGITS.finditer(text)]
        for at in (i for i, c in enumerate(text) if c.isdigit()):
            fast, plain = grounding._DIGITS.match(text, at), _PLAIN_DIGITS.match(text, at)
            assert (fast and (fast.span(), fast.groups())) == (plain and (plain.span(), plain.groups()))


# -- Words: stems first, accents only when needed = every form in the lowercased text -----------


def plain_has_word(text: str, forms) -> bool:
    low = text.casefold()
    if not low.isascii():
        low += "\n" + unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()
    for form in forms:
        at = low.find(form)
        while at != -1:
            end = at + len(form)
            if (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum()):
                return True
            at = low.find(form, at + 1)
    return False


def test_word_tests_equal_the_plain_way():
    words = ["Russia", "Russians", "Gref", "Chavez", "Chávez", "Colon", "S", "s", "es", "Istanbul", "fi", "Panama",
             "Union", "Kremlin", "Ministry", "Harry", "Truman", "US", "Σας"]  # fmt: skip
    for text in texts(5_000, seed=2):
        evidence = grounding.Evidence(text)
        for word in words:
            expected = plain_has_word(text, grounding.word_forms(word))
            assert evidence.has_word(grounding.word_forms(word)) == expected, (text, word)
            assert evidence.has_form(grounding._form_groups(word)) == expected, (text, word)


def test_proper_names_with_a_shared_cache_and_the_quick_exit():
    g = grounding.Grounder({"s": "x"}, {}, [{"id": "PAN", "name": "Panama"}, {"id": "RUS", "name": "Russia",
                                                                               "naming_words": ["Russian"]}])  # fmt: skip
    known: dict[str, bool] = {}
    for text in [*texts(5_000, seed=3), "Panama and Russia", "Russian ships in Panama", "Panama: Gref's visit"]:
        assert grounding.proper_names(text, g.ignore, known) == grounding.proper_names(text, g.ignore), text
    assert grounding.proper_names("Panama and Russia sign a Russian deal", g.ignore, known) == []


# -- The loader's fast path (no EventClaims for a grounded event) = Grounder.check --------------


@pytest.mark.parametrize("tree", ["real", "valid", "hostile"])
def test_loader_fast_path_equals_check(tree):
    data_paths = paths.resolve() if tree == "real" else paths.DataPaths(
        paths.Path(__file__).parent / "fixtures" / tree / "curated", paths.Path(__file__).parent / "fixtures" / tree / "seeds")
    problems: list = []
    grouped = load.read_records(data_paths.data, problems)
    recs = {kind: load._check_unique(items, kind.removesuffix("s"), problems) for kind, items in grouped.items()}
    texts_, _ = load.check_references(recs, data_paths, problems)
    grounder, published = load.grounder_for(recs, texts_)
    compared = 0
    for rec in recs["events"].values():
        rows = load.check_event(rec, recs, texts_, [])
        found = [(r[3], r[5], r[6]) for r in rows]
        fast = load.ground_event(grounder, published, rec, found)
        if fast is None:
            continue
        # every event, and the same event with a claim the passages do not make
        assert fast == grounder.check(load._event_claims(rec, found, published))
        summary = rec.model.summary + " It involved Zorvath Quell and 4,321 ships."
        worse = dataclasses.replace(rec, model=rec.model.model_copy(update={"summary": summary}))
        assert load.ground_event(grounder, published, worse, found) == grounder.check(
            load._event_claims(worse, found, published))
        compared += 1
    assert compared > 0


# -- Names: the words that can name, checked first = every proper name checked ------------------

CLAIM_PIECES = ["A", "An", "The", "According to", "Russia", "Russian", "Panama", "Gref's", "Harry S Truman", "Zorvath",
                "Quell", "Colón", "Chavez", "iPhone", "McDonald", "UN", "U.S.", "Reports", "March", "Monday", "x",
                "the", "said", "in", ". ", ", ", ": ", "; ", "! ", " ", "  ", "-", "’s ", "'", "(", ")", "\n"]  # fmt: skip


def claim_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test texts
    return ["".join(rng.choice(CLAIM_PIECES) for _ in range(rng.randint(0, 14))) for _ in range(n)]


def test_name_words_hold_every_word_of_every_proper_name():
    g = grounding.Grounder({"s": "x"}, {}, [{"id": "RUS", "name": "Russia", "naming_words": ["Russian"]}])
    for text in claim_texts(5_000, seed=4):
        words = set(grounding.name_words(text, g.ignore, g._can_name))
        for name in grounding.proper_names(text, g.ignore, g._can_name):
            assert set(name.split()) <= words, (text, name)


def plain_name_findings(g: grounding.Grounder, text: str, evidence: list[grounding.Evidence]) -> list[tuple]:
    """Every proper name, each word looked up in every form (the way before `name_words`)."""
    out = []
    for name in grounding.proper_names(text, g.ignore):
        absent = [w for w in name.split() if not any(ev.has_word(grounding.word_forms(w)) for ev in evidence)]
        if absent:
            out.append((name, absent))
    return out


def test_names_found_through_name_words_equal_the_plain_way():
    seed = " ".join(claim_texts(400, seed=5))
    g = grounding.Grounder({"s": seed}, {"s": "sentence"}, [{"id": "RUS", "name": "Russia", "naming_words": ["Russian"]}])
    rng = random.Random(6)  # noqa: S311
    compared = 0
    for text in claim_texts(3_000, seed=7):
        start = rng.randrange(len(seed))
        spans = [("s", start, start + rng.randint(0, 80))] * rng.randint(1, 2)
        found = [(f[2], f[3]) for f in g.missing(text, "", (), "2000", "event", spans, {}) if f[0] == "names"]
        evidence = [g.evidence(*s) for s in dict.fromkeys(spans)]
        expected = plain_name_findings(g, text, evidence)
        assert [name for name, _ in found] == [name for name, _ in expected], text
        assert all(f"missing: {', '.join(absent)}" in message for (_, message), (_, absent) in zip(found, expected))
        compared += bool(expected)
    assert compared > 100  # the slow path ran, not only the quick one


# -- Numbers: the gate before the number-word scan, the digits without a regex, the probe --------

NUMBER_PIECES = ["200", "2", "20", "0", "00", "1995", "12", "345", "٢٠", "200 million", "200m", "200-million", "200,000",
                 "2.5", "200+", "200_", "_200", "200 Bln", "200K", "200\u212a", "200 k", "200\x1fbillion", "200 tons",
                 "200-year", "200.", "200, ", "200)", "10 billion", "$10bn", "500,000", "1 million", "two", "Six",
                 "sixty", "often", "phone", "one hundred and one", "twenty-five", "19th", "first", "1990s", "x", " ",
                 "-", ",", ".", "(", "\n", "ü"]  # fmt: skip


def number_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311
    return ["".join(rng.choice(NUMBER_PIECES) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def plain_numbers_in(text: str) -> list[tuple[str, float]]:
    """numbers_in of a claim, the number words scanned for in every text (words that hold them all)."""
    return grounding.numbers_in(text, claim=True, words=frozenset(grounding._NUMBER_WORDS))


def test_number_word_gate_never_hides_a_number_word():
    for text in [*number_texts(10_000, seed=8), *texts(5_000, seed=9)]:
        low = text.lower()
        if grounding._WORD_NUMBER.search(low):
            assert grounding._may_hold_number_words(low), text
        assert grounding.numbers_in(text, claim=True) == plain_numbers_in(text), text


def test_digits_without_the_regex_equal_has_value():
    digits = ["200", "2", "20", "0", "00", "1995", "12", "345", "٢٠", "10", "500"]
    for text in number_texts(10_000, seed=10):
        evidence = grounding.Evidence(text)
        for d in digits:
            assert evidence.has_digits(d) == evidence.has_value(d, float(d)), (text, d)


_PLAIN_NUMBER = re.compile(r"\d+\+?")  # a claim's number written as plain digits: "200", "200+"


def plain_number_probes(written: str) -> tuple[str | None, str | None]:
    """(digits, probe) of a claimed number, from what it is written as: plain digits ("200",
    "200+": "200"), or the digits another number starts with ("10 billion": "10"; "two": none)."""
    if _PLAIN_NUMBER.fullmatch(written):
        return written.rstrip("+"), None
    m = grounding._DIGITS.match(written)
    return None, m.group(1) if m else None


def plain_stated(value: float, written: str, evidence: list[grounding.Evidence]) -> bool:
    """Before the probe: plain digits as text (or a decade), everything else among all the numbers."""
    if _PLAIN_NUMBER.fullmatch(written):
        digits = written.rstrip("+")
        if any(ev.has_value(digits, value) for ev in evidence):
            return True
        if len(digits) == 4 and any(ev.has_year(int(value)) for ev in evidence):
            return True
    return value in frozenset().union(*(ev.numbers for ev in evidence))


def test_stated_numbers_with_probes_equal_the_plain_way():
    claims = [c for text in number_texts(2_000, seed=11) for c in grounding.numbers_in(text, claim=True)]
    evidence_texts = number_texts(300, seed=12)
    for a, b in itertools.pairwise(evidence_texts):
        evidence = [grounding.Evidence(a), grounding.Evidence(b)]
        for written, value in claims[:400]:
            digits, probe = plain_number_probes(written)
            assert grounding._stated_as(value, digits, evidence, probe) == plain_stated(value, written, evidence), (
                a, b, written)
        claims = claims[400:] + claims[:400]


# -- Dates: each year and month of a reported date once = each of both points ----------------------


@pytest.mark.parametrize("date", ["2010-08-31", "2010-08", "2010", "2010/2011", "2010-08/2010-09", "2009-12/2010-01",
                                  "2010-08/..", "../2010-08", "2010-08~", "2010-08-01/2010-08-31"])  # fmt: skip
def test_reported_date_checks_each_year_and_month_once_as_both_points(date):
    span = grounding.parse_date(date)
    points = [p for p in (span.lower, span.upper) if p is not None]
    years, months = grounding._date_claims(date, "reported")
    assert len(set(years)) == len(years) and len(set(months)) == len(months)
    for text in [*number_texts(300, seed=13), "August 2010", "Aug. 2010 and September 2010", "2009 December", "2010s"]:
        evidence = [grounding.Evidence(text)]
        plain = all(evidence[0].has_year(p.year) for p in points) and all(
            evidence[0].has_word(grounding._MONTH_FORMS[p.month]) for p in points if p.month is not None)
        assert grounding._reported_in(evidence, years, months) == plain, text


def test_stem_in_one_pass_equals_its_three_forms():
    rng = random.Random(14)  # noqa: S311
    for _ in range(20_000):
        low = "".join(rng.choice("aesx .é") for _ in range(rng.randint(0, 10)))
        for stem in ("a", "ae", "as", "s", "e", ""):
            assert grounding._has_stem(low, stem) == grounding._has_any(low, (stem, stem + "s", stem + "es")), (low, stem)


# -- Claims: the numbers with their probes read off one scan = numbers_in, then their probes ------


def test_claim_numbers_equal_numbers_in_with_their_probes():
    samples = [*number_texts(10_000, seed=15), *texts(5_000, seed=16), *claim_texts(2_000, seed=17),
               "Russia pays $10 billion (synthetic 12)", "200+ ships, 3.5 million tons, 4,321 men and two hundred guns"]  # fmt: skip
    for text in samples:
        plain = tuple((w, v, *plain_number_probes(w)) for w, v in grounding.numbers_in(text, claim=True))
        assert grounding._claim_numbers(text) == plain, text


def test_claims_cached_by_text_equal_the_claims_worked_out_again():
    g = grounding.Grounder({"s": "x"}, {}, [{"id": "RUS", "name": "Russia", "naming_words": ["Russian"]}])
    samples = claim_texts(3_000, seed=18) + number_texts(1_000, seed=19)
    samples = [t for text in samples for t in (text.lower(), text, text.upper())]  # texts alike but for case
    for text in samples * 2:  # the second round reads the cache
        assert g._claims(text) == g._claims_of(text), text
        assert g._claims(text)[0] == tuple((w, grounding._form_groups(w)) for w in grounding.name_words(text, g.ignore, {}))
    g._claimed = dict.fromkeys(map(str, range(65_536)), ((), ()))  # full: cleared, not grown
    assert g._claims("Russia and Zorvath") == g._claims_of("Russia and Zorvath") and len(g._claimed) == 1


# -- Dates: a day claims what its month claims ------------------------------------------------------


def test_a_days_date_claims_equal_those_worked_out_from_its_points():
    def plain(date: str, basis: str):
        span = grounding.parse_date(date)
        points = [p for p in (span.lower, span.upper) if p is not None]
        if basis == "event":
            return tuple(grounding._year_forms(y) for y in dict.fromkeys(p.year for p in points)), None
        return (tuple(dict.fromkeys(grounding._year_forms(p.year) for p in points)),
                tuple(dict.fromkeys(grounding._MONTH_FORMS[p.month] for p in points if p.month is not None)))  # fmt: skip

    rng = random.Random(20)  # noqa: S311
    dates = [f"{rng.randint(1000, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(2_000)]
    dates += ["2010-02-28", "2012-02-29", "2010-08", "2010", "2010-08-31~", "2010-08-01/2010-08-31", "../2010-08-31"]
    for date in dates:
        for basis in ("event", "reported"):
            assert grounding._date_claims(date, basis) == plain(date, basis), date
    for bad in ("2010-02-30", "2010-13-01", "2010-00-10"):
        grounding._date_claims.cache_clear()
        with pytest.raises(grounding.parse_date.__globals__["DateError"]):
            grounding._date_claims(bad, "reported")


# -- Words and months found as written = found casefolded ---------------------------------------


def test_a_word_found_as_written_is_found_casefolded():
    words = ["Russia", "Russians", "Gref", "Chavez", "Chávez", "Colon", "S", "s", "es", "Istanbul", "fi", "Panama",
             "Union", "Kremlin", "Ministry", "Harry", "Truman", "US", "Σας", "A380", "Mr"]  # fmt: skip
    for text in texts(5_000, seed=25):
        evidence = [grounding.Evidence(text), grounding.Evidence(text[::-1])]
        for word in words:
            stems = grounding._form_groups(word)
            assert grounding._holds_form(evidence, stems, word) == grounding._holds_form(evidence, stems), (text, word)


@pytest.mark.parametrize("month", range(1, 13))
def test_a_month_found_capitalised_is_found_casefolded(month):
    forms = grounding._MONTH_FORMS[month]
    pieces = [*PIECES, *forms, *grounding._MONTH_CAPITALS[forms], *(f.upper() for f in forms), "2010", "Mayor", "Junes"]
    rng = random.Random(26 + month)  # noqa: S311
    for _ in range(2_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        plain = grounding.Evidence(text).has_word(forms) and grounding.Evidence(text).has_year(2010)
        assert grounding._reported_in([grounding.Evidence(text)], (grounding._year_forms(2010),), (forms,)) == plain, text
