"""The RE2 first pass of the metadata regexes (``re2.may_match``): it passes every line that
Python's regex matches (so that running Python only on the lines it passes changes nothing),
and few others."""

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import re2, rules

ROOT = Path(__file__).resolve().parent.parent
#: Lines written for the edges: Unicode word boundaries, dotted and dotless I under re.I,
#: a final newline before ``$``, look-arounds, bylines, credits, mastheads, datelines.
EDGE_LINES = [
    "Penulis: Ani Rahma", "  Editor : Budi", "Reporter", "EDİTOR", "edıtor", "Penyunting\n", "Oleh: Citra\n",
    "dikutip dari Reuters", "mengutip The Straits Times", "Sumber: ANTARA", "(Foto: AFP/Ali)", "via Xinhua",
    "éReuters/AFP", "REUTERS/Ali Lee", "AFP", "ARTİKEL TERKAİT", "Berita terkait", "Tags", "TAGS\n",
    "© 2024 Kompas.com", "Copyright 2023 PT Tempo", "(c) Detik", "KOMPAS.com - Isi berita.", "TRIBUNSOLO.COM",
    "Jakarta, CNN Indonesia -- Isi berita.", "Jakarta (ANTARA) - Isi berita.", "Nama - detikinet",
    "Judul berita yang panjang - Kompas.com", "https://www.example.com/a", "www.kompas.com", "a@b.co",
    "Bisnis.com, JAKARTA - Isi.", "okezone.com", "x\u00e9Oleh: Ani", "Ani Rahma, Jurnalis - Senin",
]


def _patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for key, value in rules.metadata_rules().items():
        values = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else [("", value)]
        found += [(f"{key}[{k}]", rx) for k, rx in values if isinstance(rx, re.Pattern)]
    for profile in rules.outlet_profiles():
        for kind in ("identify", "dateline", "byline", "furniture"):
            found += [(f"{profile.name}.{kind}[{i}]", rx) for i, rx in enumerate(getattr(profile, kind))]
    return found


@pytest.fixture(scope="module")
def lines() -> pd.Series:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "unseen").rglob("*.txt"))]
    split = [line.strip() for t in texts for line in t.split("\n") if line.strip()]
    return pd.Series(split + EDGE_LINES + texts, dtype="str")  # whole pages too: several lines in one value


@pytest.mark.parametrize("name, rx", _patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_the_first_pass_keeps_every_line_python_matches(lines, name, rx):
    passed = re2.may_match(rx, re2.to_arrow(lines))
    matched = lines.map(lambda t: rx.search(t) is not None).to_numpy(dtype=bool)
    assert not (matched & ~passed).any(), lines[matched & ~passed].tolist()[:3]
    if "{," not in rx.pattern:  # a pattern with a twin is a real filter
        assert passed.mean() < 0.5 or matched.mean() > 0.4, name


def test_the_first_pass_and_its_edges():
    column = re2.to_arrow(pd.Series(["Tags\n", "TAGS", "ARTİKEL", "Xinhua", "aa", ""]))
    assert re2.may_match(re.compile(r"^tags$", re.I), column).tolist() == [True, True, True, False, False, False]
    assert re2.may_match(re.compile(r"(?i)^artikel$"), column).tolist()[2]  # İ: Python's re.I folds it to i
    assert re2.may_match(re.compile(r"(?<!X)inhua\b"), column).tolist() == [False, False, False, True, False, False]
    assert re2.may_match(re.compile(r"caf\w\b"), re2.to_arrow(pd.Series(["café au lait"]))).all()  # \b after é
    assert re2.may_match(re.compile(r"(a)\1"), column).all()  # a back-reference has no twin: every line
    assert re2.may_match(re.compile(r"x{,2}y"), column).all()


@pytest.mark.parametrize("how", ["extract", "extractall", "match"])
def test_prefiltered_equals_the_whole_column(lines, how):
    column = re2.to_arrow(lines)
    union = re2.may_match([rx for _, rx in _patterns()], column)  # one pass for all, then each on those lines
    assert not union.all()
    for _, rx in _patterns():
        if how != "match" and not rx.groupindex:
            continue
        want = getattr(lines.str, how)(rx)
        if how == "match":
            want = want.fillna(False).astype(bool)
        for got in (re2.prefiltered(lines, rx, how), re2.prefiltered(lines, rx, how, column, union)):
            pd.testing.assert_frame_equal(got, want) if how != "match" else pd.testing.assert_series_equal(got, want)


def test_prefiltered_refuses_what_it_cannot_do():
    with pytest.raises(ValueError, match="parameter how"):
        re2.prefiltered(pd.Series(["a"]), re.compile("a"), "findall")
    with pytest.raises(ValueError, match="unique index"):
        re2.prefiltered(pd.Series(["a", "b"], index=[0, 0]), re.compile("a"))


_LITERAL_PIECES = ["a", "é", "😀", "\r", "\n", "\x00", "<", "&", ".", "*", "(", "[", "\\", "$", "^", "{1}", " ", "ab"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LITERAL_PIECES), max_size=8).map("".join), max_size=6),
       st.lists(st.sampled_from(_LITERAL_PIECES), max_size=3).map("".join))
def test_contains_finds_a_literal_as_python_does(lines, literal):
    """``re2.contains`` (RE2's literal search, 30 times faster than Arrow's substring search on
    rare characters) answers as ``literal in line``, for regex metacharacters, NUL, line breaks,
    characters beyond the BMP and the empty literal; a missing line contains nothing."""
    column = re2.to_arrow(pd.Series([*lines, None], dtype=object))
    assert re2.contains(column, literal).tolist() == [literal in line for line in lines] + [literal == ""]


_WORD_PIECES = ["kata", "Dan", "é", "İ", "2024", "_", "'", "’", "-", " ", "  ", "\t", "\n", ",", ".", "“", "😀", "\x00"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORD_PIECES), max_size=10).map("".join), max_size=6),
       st.sampled_from([r"[^\p{L}\p{N}]+", r"[^\p{L}\p{N}_]+", r"[^\p{L}\p{N}'’-]+", r"\s+"]))
def test_split_distinct_gives_the_words_of_splitting_the_whole_texts(texts, separator):
    """``re2.split_distinct`` (cut at spaces, then the distinct pieces with RE2) gives each text
    the words of ``split_pattern_regex`` of the whole text, empty strings aside, in order; a
    missing text has none."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pa.array([*texts, None], type=pa.large_string())
    words, codes, rows = re2.split_distinct(column, separator)
    got = [[] for _ in range(len(column))]
    for code, row in zip(codes, rows):
        got[row] += [w for w in words[int(code)].as_py() if w]
    expected = [[w for w in (split or []) if w] for split in pc.split_pattern_regex(column, separator).to_pylist()]
    assert got == expected


@pytest.mark.parametrize("separator", [",", r"\s", "[^a-z]"])
def test_split_distinct_refuses_a_separator_that_does_not_take_runs_of_spaces(separator):
    """Cutting at spaces first is only the whole texts' split when the separator takes any run of
    spaces: another one is refused, not answered with other words."""
    import pyarrow as pa

    with pytest.raises(ValueError, match="parameter separator must match a run of spaces"):
        re2.split_distinct(pa.array(["a, b"]), separator)


def test_possessive_quantifiers_have_a_greedy_twin():
    column = re2.to_arrow(pd.Series(["a ,  kata dia ,x", "a, kata dia,x", "tanpa koma", "[*+]", "x++"]))
    passed = re2.may_match(re.compile(r",\s*+kata dia\s*+,\s*+(?=\S)"), column).tolist()
    assert passed == [True, True, False, False, False]  # a real filter, not every line
    assert re2.may_match(re.compile(r"[*+]\]"), column).tolist() == [False, False, False, True, False]  # in a class: literal
    assert re2.may_match(re.compile(r"x\++"), column).tolist() == [False, False, False, False, True]  # escaped: a plus


def test_the_first_pass_keeps_every_sentence_the_quote_rules_read(lines):
    """The quote finder reads a sentence only where this pass says its reporting clause or speech
    verb may be in it (``quotes.find_quotes``): it must keep every sentence Python's rules match."""
    from analysis.quote_rules import SENTENCE_BREAK, quote_rules

    rules = quote_rules()
    sentences = pd.Series([s for t in lines for s in SENTENCE_BREAK.split(t) if s and s.strip()] + [
        "Harga itu, lanjutnya, akan naik.", "Katanya, harga akan naik.", "Ia mengatakan harga naik.",
        "Harga itu ,  kata Budi Santoso ,  akan naik.", "Disebutkan, pasokan aman."], dtype="str")
    passed = re2.may_match([rules["sentence_cue"], rules["inserted"], rules["verb"]], re2.to_arrow(sentences))
    matched = sentences.map(lambda s: bool(rules["sentence_cue"].match(s) or rules["inserted"].search(s)
                                           or rules["verb"].search(s))).to_numpy(dtype=bool)
    assert matched.sum() >= 5 and not (matched & ~passed).any(), sentences[matched & ~passed].tolist()[:3]
    assert passed.mean() < 0.8  # a real filter
