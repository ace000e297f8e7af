"""The date grammar, rule by rule: one row per rule of ``analysis.dates.grammar.RULES``.

Adding a rule means adding its row here (``test_every_rule_has_a_row`` fails otherwise):
an input line, the rule that must match first in it, and the mention ``find_mentions``
reports (text, value, granularity, kind, modifier) for a page published on 10 January
2024; ``None`` for a rule whose matches are not dates.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import dates
from analysis.dates import expressions, grammar, scanner

PUBLISHED = "2024-01-10T11:25:00+07:00"

GRAMMAR_ROWS = [
    # rule, text, expected mention (text, value, granularity, kind, modifier)
    ("skip", "UU Nomor 30 Tahun 2002 berlaku.", None),
    ("range", "Pameran 12-17 September 2023 di Jakarta.",
     ("12-17 September 2023", "2023-09-12/2023-09-17", "day", "range", "")),
    ("weekday_date", "Diungkapkan pada Sabtu (23/9/2023).",
     ("Sabtu (23/9/2023)", "2023-09-23", "day", "absolute", "")),
    ("iso", "Dirilis 2023-09-23 pagi.", ("2023-09-23", "2023-09-23", "day", "absolute", "")),
    ("numeric", "Rapat tanggal 23-9-2023 ditunda.",
     ("tanggal 23-9-2023", "2023-09-23", "day", "absolute", "")),
    ("day_month", "Serangan 30 Desember lalu.", ("30 Desember lalu", "2023-12-30", "day", "partial", "")),
    ("month", "Terjadi awal Oktober.", ("awal Oktober", "2023-10", "month", "partial", "START")),
    ("counted", "Terjadi dua hari lalu.", ("dua hari lalu", "2024-01-08", "day", "relative", "")),
    ("deictic", "Rudal ditembakkan pekan lalu.", ("pekan lalu", "2024-W01", "week", "relative", "")),
    ("weekday", "Menlu tiba pada hari Rabu ini.",
     ("pada hari Rabu ini", "2024-01-10", "day", "weekday", "")),
    ("fixed", "Ia tiba kemarin.", ("kemarin", "2024-01-09", "day", "relative", "")),
    ("year", "Harga naik sejak 2019 hingga 2021.", ("2019 hingga 2021", "2019/2021", "year", "range", "")),
]


def _mentions(text: str) -> pd.DataFrame:
    lines = pd.DataFrame({"doc_id": ["a"], "line_no": [1], "label": ["body"], "text": [text]})
    documents = pd.DataFrame({"doc_id": ["a"], "published": [PUBLISHED]})
    return dates.find_mentions(lines, documents)


def test_every_rule_has_a_row():
    assert [row[0] for row in GRAMMAR_ROWS] == [rule.name for rule in grammar.RULES]


@pytest.mark.parametrize("rule, text, expected", GRAMMAR_ROWS, ids=[row[0] for row in GRAMMAR_ROWS])
def test_rule(rule, text, expected):
    _, tagger = grammar.compiled()
    assert tagger.regex.search(scanner.fold(" " + text)).lastgroup == rule
    found = _mentions(text)[["text", "value", "granularity", "kind", "modifier"]]
    assert [tuple(row) for row in found.itertuples(index=False)] == ([expected] if expected else [])


def test_a_rule_whose_first_word_is_missing_is_refused_with_its_name():
    counted = next(rule for rule in grammar.RULES if rule.name == "counted")
    forgot = grammar.Rule("counted", ("one_unit",), counted.pattern)  # not "dua hari", "3 hari"
    with pytest.raises(ValueError, match=r"date rule 'counted' can start with 'dela'"):
        grammar.build_tagger(grammar.Vocabulary.load(), [forgot])


def test_a_rule_naming_an_unknown_piece_or_slot_is_refused_with_its_name():
    vocabulary = grammar.Vocabulary.load()
    with pytest.raises(ValueError, match=r"date rule 'new': no piece named 'daay'"):
        grammar.build_tagger(vocabulary, [grammar.Rule("new", (), r"{day=daay}")])
    with pytest.raises(ValueError, match=r"date rule 'new': 'dayy' is not a slot"):
        grammar.build_tagger(vocabulary, [grammar.Rule("new", (), r"{dayy=day}")])
    with pytest.raises(ValueError, match=r"date rule 'new' starts with unknown word sets"):
        grammar.build_tagger(vocabulary, [grammar.Rule("new", ("months",), r"{month=month_any}")])


def test_a_new_rule_is_one_entry():
    """A rule added at the end (a bare "tanggal N": the day of the anchor's month) is found."""
    rule = grammar.Rule("day_month", ("day_prefix",), r"{day_prefix}{day=day}(?=\s+lalu)")
    tagger = grammar.build_tagger(grammar.Vocabulary.load(), [*grammar.RULES, rule])
    found = scanner.scan_texts(tagger, ["Pada tanggal 5 lalu"])
    assert found["rule"].tolist() == ["day_month"] and found["day"].tolist() == ["5"]


# --------------------------------------------------------------------------
# The shared expressions
# --------------------------------------------------------------------------

def test_expressions_come_from_the_calendar():
    assert set(expressions.month_numbers()) >= {"januari", "okt", "nopember"}
    pattern = re.compile(expressions.clock_time_pattern(), re.I)
    for zone in expressions.zone_offsets():
        assert pattern.match(f" 10:15 {zone}").group("tz") == zone
    assert re.fullmatch(expressions.written_date_pattern(), "Nopember 7, 2019", re.I)


# --------------------------------------------------------------------------
# Input checks of the public entry points
# --------------------------------------------------------------------------

LINES = pd.DataFrame({"doc_id": ["a"], "line_no": [1], "text": ["pekan lalu"]})
DOCUMENTS = pd.DataFrame({"doc_id": ["a"], "published": [PUBLISHED]})
MENTIONS = pd.DataFrame({"doc_id": ["a"], "value": ["2024-W01"], "granularity": ["week"],
                         "kind": ["relative"], "anchor": ["2024-01-10"]})


@pytest.mark.parametrize("call, message", [
    (lambda: dates.find_mentions(LINES.drop(columns="line_no"), DOCUMENTS),
     "find_mentions: lines lacks column 'line_no'"),
    (lambda: dates.find_mentions(LINES, DOCUMENTS.drop(columns="published")),
     "find_mentions: documents lacks column 'published'"),
    (lambda: dates.document_anchors(LINES.drop(columns="text"), DOCUMENTS),
     "document_anchors: lines lacks column 'text'"),
    (lambda: dates.timeline(MENTIONS.drop(columns="value"), DOCUMENTS),
     "timeline: mentions lacks column 'value'"),
    (lambda: dates.lookback(MENTIONS.drop(columns="anchor"), DOCUMENTS),
     "lookback: mentions lacks column 'anchor'"),
    (lambda: dates.estimated_publication(MENTIONS, DOCUMENTS),
     "estimated_publication: anchors lacks columns 'anchor', 'anchor_source'"),
])
def test_missing_columns_are_named(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_the_tagger_compiles_a_mask_s_rules_when_first_asked_for(monkeypatch):
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda pattern, flags=0: compiled.append(pattern) or real(pattern, flags))
    tagger = grammar.build_tagger(grammar.Vocabulary.load())
    built = len(compiled)
    masks = list(tagger.matchers)
    assert len(masks) == len(tagger.matchers) > 2 and max(masks) == (1 << len(grammar.RULES)) - 1
    assert tagger.regex.pattern in compiled  # every rule's alternation: built at once, it checks the grammar
    assert len(compiled) == built  # ... and only once
    first = tagger.matchers[masks[0]]
    assert len(compiled) == built + 1  # one alternation, that mask's rules only
    assert tagger.matchers[masks[0]] is first and len(compiled) == built + 1
    assert set(first.groups) == {name for i, name in enumerate(rule.name for rule in grammar.RULES) if masks[0] >> i & 1}
    assert tagger.regex is tagger.matchers[max(masks)].regex
    with pytest.raises(KeyError):
        tagger.matchers[0]


@pytest.mark.parametrize("table", [expressions.month_numbers, expressions.weekday_numbers, expressions.zone_offsets])
def test_the_calendar_tables_are_read_only(table):
    """They are views of one cached table that every date reader shares: a caller's change would
    reach every later reader."""
    before = dict(table())
    with pytest.raises(TypeError):
        table()["baru"] = 1
    assert dict(table()) == before
