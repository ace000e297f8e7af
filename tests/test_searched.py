"""The speakers' searches of a document's earlier lines (analysis._searched): the same answers as
the whole-line pattern they stand for, each line tested once."""

import re

import pytest

from analysis._searched import found_in, may_hold, pattern_of, written_after
from analysis.quote_rules import quote_rules

LINES = [
    "Bupati Banyuwangi Abdullah Azwar Anas mengatakan",   # the name alone: no marker before it
    "Banjir melanda warga di Banyuwangi, Jawa Timur.",     # after "di"
    "banjir DI  BANYUWANGI kemarin",                       # any case, two spaces
    "Jadi Banyuwangi tetap aman",                          # "di" inside "Jadi": no marker
    "di Banyuwangiku",                                     # the word runs on: no boundary
    "BANYUWANGI, KOMPAS.com - Bupati",                     # a dateline
    "(Banyuwangi) , kata dia",                             # a dateline after brackets and before space
    "Wali Kota Bogor Bima Arya",                           # region markers: not after "Wali"
    "Pemerintah Kota Bogor menyebut",                      # ... but after "Pemerintah"
    "Kunjungan ke\tBanyuwangi dan di\nBogor",              # tab and newline are white space
    "Banyuwangi lalu di Banyuwangi",                       # the second one is after a marker
    "kab. Banyuwangi",                                     # an abbreviation's full stop
    "di Bekasí dan di Banyuwangi",                         # not ASCII
    "“Aman,” kata warga di Banyuwangi – Jawa Timur",       # curly quotes and a dash
    "dİ Banyuwangi",                                       # İ is i to re (dİ: di), İ.lower() is longer
    "di BANYUWANGİ",
    "\u212aota Bogor dan ſi",                              # the Kelvin sign is K to re
    "di Banyuwangi",
    "",
]


@pytest.mark.parametrize("markers", ["place_marker", "region_marker"])
@pytest.mark.parametrize("word", ["Banyuwangi", "Bogor", "Kota", "Bekasí", "(Banyuwangi)", "si"])
@pytest.mark.parametrize("text", LINES)
def test_written_after_answers_as_the_whole_line_pattern(text, word, markers):
    rule = quote_rules()[markers].pattern
    escaped = re.escape(word)
    expected = bool(re.search(rf"(?i:\b{rule}\s+{escaped}\b|^\W*{escaped}\s*,)", text))
    assert written_after(text, word, rule) == expected


def test_written_after_finds_what_it_should():
    rule = quote_rules()["region_marker"].pattern
    found = [text for text in LINES if written_after(text, "Banyuwangi", rule)]
    assert found == ["Banjir melanda warga di Banyuwangi, Jawa Timur.", "banjir DI  BANYUWANGI kemarin",
                     "BANYUWANGI, KOMPAS.com - Bupati", "Banyuwangi lalu di Banyuwangi", "kab. Banyuwangi",
                     "di Bekasí dan di Banyuwangi", "“Aman,” kata warga di Banyuwangi – Jawa Timur",
                     "dİ Banyuwangi", "di BANYUWANGİ", "di Banyuwangi"]
    assert not written_after("Wali Kota Bogor", "Bogor", rule) and written_after("Pemkot Bogor", "Bogor", rule)


def test_lines_build_no_pattern_per_word_unless_re_folds_a_letter_otherwise():
    rule = quote_rules()["place_marker"].pattern
    before = pattern_of.cache_info().currsize
    assert written_after("banjir di Sumbawa Besar", "Sumbawa", rule)
    assert not written_after("“Sumbawa Besar banjir,” kata dia – Selasa", "Sumbawa", rule)
    assert pattern_of.cache_info().currsize == before
    assert written_after("dİ Sumbawa", "Sumbawa", rule) and pattern_of.cache_info().currsize == before + 1


def test_found_tests_each_line_once_as_lines_are_added():
    tested, lines, memo = [], ["a", "b"], {}

    def test(text):
        tested.append(text)
        return text == "d"

    assert not found_in(memo, "key", lines, test)
    assert not found_in(memo, "key", lines, test)
    lines += ["c", "d"]
    assert found_in(memo, "key", lines, test)
    lines.append("e")
    assert found_in(memo, "key", lines, test)
    assert tested == ["a", "b", "c", "d"]
    assert not found_in(memo, "other", lines[:1], test) and tested[-1] == "a"


def test_may_hold_keeps_the_lines_a_pattern_could_match():
    lines = ["di Garut", "DI GARUT", "di Bekasi", "di Garút", "“di Garut”", "di Bekasi – GARUT", "dİ Bekasi"]
    assert may_hold(lines, "Garut") == ["di Garut", "“di Garut”"]
    assert may_hold(lines, "garut", ignore_case=True) == ["di Garut", "DI GARUT", "“di Garut”", "di Bekasi – GARUT",
                                                          "dİ Bekasi"]
    assert may_hold(lines, "Garút", ignore_case=True) == lines


@pytest.mark.parametrize("rule", [r"(?:kab\.(?=\s)|di)", r"(?:kota(?!\s+tua)|di)", r"(?:di|ke)+", r"(?:di\s*)"])
def test_marker_rules_that_look_past_their_end_or_have_no_bound_answer_alike(rule):
    for text in ["kab. Garut", "kota Garut", "kota tua Garut", "di ke di Garut", "di  Garut", "Garut, kata"]:
        expected = bool(re.search(rf"(?i:\b(?:{rule})\s+Garut\b|^\W*Garut\s*,)", text))
        assert written_after(text, "Garut", rule) == expected, text


def test_a_marker_rule_is_one_group():
    assert not written_after("di sini", "Garut", "di|ke") and written_after("ke Garut", "Garut", "di|ke")
    assert not written_after("di sini ſ", "Garut", "di|ke")  # ſ: the whole-line pattern decides, grouped too


def test_lines_replaced_or_shortened_are_tested_from_the_start():
    memo = {}
    assert found_in(memo, "k", ["a", "d"], lambda text: text == "d")
    assert not found_in(memo, "k", ["a", "b"], lambda text: text == "d")  # another list
    lines = ["d", "e"]
    assert found_in(memo, "k", lines, lambda text: text == "d")
    del lines[:]
    lines.append("x")
    assert not found_in(memo, "k", lines, lambda text: text == "d")  # shorter than what was tested
