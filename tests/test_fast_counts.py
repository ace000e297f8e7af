"""The count path without a tokens table (``counts.count_texts``, ``counts.count_words``) gives
exactly the tables of the positional path (``partial_counts(tokenize(...))``,
``term_counts(tokenize(...))``) on texts written to catch the edge cases of the tokenizer:
actors (multi-word, acronyms, split by tabs and line breaks), stopwords, punctuation and dashes
at chunk edges, unicode letters and digits, empty and missing texts, stray placeholder
characters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import evaluation
from analysis import tokens as tokens_module
from analysis.counts import TermCounts, count_texts, count_words, term_counts
from analysis.engine.partials import combine_counts, partial_counts
from analysis.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "seeds_gold.json"

TRICKY = [
    # actors: multi-word forms across runs of spaces and tabs, acronyms only in upper case
    ("a", "X", "Korea  Utara dan AS bertemu; as usual, Amerika\tSerikat dan Korut."),
    ("b", "X", "Kim Jong-un (Korut) — kata AS. Korea\nUtara tidak sama dengan Korea Utara."),
    # stopwords only, punctuation runs, dashes between spaces and at the edges of chunks
    ("c", "Y", "dan yang di ke dari... ?! -- — – - x -y z- -"),
    ("d", "Y", ""),
    ("e", "", "Negara-negara (negara) Jum'at Jum’at 1.000 23/9/2023 3,5 abc123 1-x x-1 _1 a_b"),
    # unicode: dotted capital I, superscripts, fractions, other scripts and digits
    ("f", "Z", "İstanbul ² ½x Ⅻ naïve ÉCOLE ١٢٣ 東京 ß ẞ ǅ “kutipan” «dia» ‘satu’"),
    # stray private-use characters and a text that looks like a placeholder
    ("g", "Z", "A\ue000S \ue00000\ue001 Korut\ue001 \ue0007\ue001 ekonomi"),
    ("h", None, None),
    ("i", "X", "ekonomi ekonomi.\n\nekonomi - ekonomi: ekonomi;ekonomi\n— ekonomi"),
    ("j", "Y", "   \n\n\t "),
]


@pytest.fixture(scope="module")
def tricky() -> pd.DataFrame:
    return pd.DataFrame(TRICKY, columns=["doc_id", "outlet", "text"])


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return evaluation.gold_texts(GOLD, ROOT / "seeds")


def assert_same_tables(expected: dict, got: dict) -> None:
    assert list(got) == list(expected)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(got[name], table, check_exact=True)
        assert got[name].to_csv(index=False) == table.to_csv(index=False), name


OPTIONS = [{}, {"keep_stopwords": True, "keep_numbers": True},
           {"stem": True, "reduplication": "base", "apostrophe": "drop", "extra_stopwords": "ekonomi, Korea"}]


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("sizes, adjacent_only", [((2, 3), False), ((), False), ((1, 2, 4), True), ((3,), True)])
def test_count_texts_equals_partial_counts_of_tokens(tricky, options, sizes, adjacent_only):
    expected = partial_counts(tokenize(tricky, **options), ngram_sizes=sizes, adjacent_only=adjacent_only)
    got = count_texts(tricky, ngram_sizes=sizes, adjacent_only=adjacent_only, **options)
    assert_same_tables(expected, got)
    assert len(expected["terms"]) > 5 and len(expected["bigram_fd"]) > 3  # the fixture has words


def test_count_texts_on_the_seeds_and_in_batches(seeds):
    assert_same_tables(partial_counts(tokenize(seeds)), count_texts(seeds))
    whole = combine_counts([partial_counts(tokenize(seeds))])
    batched = combine_counts(count_texts(seeds.iloc[i:i + 2]) for i in range(0, len(seeds), 2))
    assert_same_tables(whole, batched)
    counted = TermCounts(batched)
    assert counted.terms().equals(term_counts(tokenize(seeds)))
    assert not counted.ngrams(3).empty and not counted.collocations(1).empty


def test_actors_stay_one_token_and_stopwords_go(tricky):
    terms = TermCounts(count_texts(tricky)).terms().set_index("term")["count"]
    # "Korea  Utara", "Korut" (a, b, g: the stray placeholder character dropped), "Korea Utara";
    # "Korea\nUtara" is two words: a line break never joins a form
    assert terms["korea_utara"] == 5 and terms["korea"] == 1 and terms["utara"] == 1
    # "AS" (a, b), "Amerika\tSerikat", "A\ue000S" (g); "as usual" is no actor
    assert terms["amerika_serikat"] == 4
    assert terms["kim_jong_un"] == 1 and "jong-un" not in terms
    assert not {"dan", "yang", "di", "ke", "dari", "tidak"} & set(terms.index)
    assert "ekonomi" in terms and "x-1" in terms and "1.000" not in terms


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("batch_size", [1, 3, 5000])
def test_count_words_equals_term_counts_of_tokens(tricky, seeds, options, batch_size):
    for texts in (tricky, seeds, tricky.iloc[::-1], tricky.iloc[3:4], tricky.iloc[:0]):
        expected = term_counts(tokenize(texts, **options))
        got = count_words(texts, batch_size=batch_size, **options)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.to_csv(index=False) == expected.to_csv(index=False)


def test_the_fast_path_builds_no_tokens_table(tricky, monkeypatch):
    expected = partial_counts(tokenize(tricky)), term_counts(tokenize(tricky))

    def no_tokens(*args, **kwargs):
        raise AssertionError("the count path must not build a tokens table")

    monkeypatch.setattr(tokens_module, "tokenize", no_tokens)
    assert_same_tables(expected[0], count_texts(tricky))
    pd.testing.assert_frame_equal(count_words(tricky), expected[1])


def test_bad_arguments_are_named(tricky):
    with pytest.raises(TypeError, match="count_texts: unknown option.*'stemming'"):
        count_texts(tricky, stemming=True)
    with pytest.raises(ValueError, match="batch_size"):
        count_words(tricky, batch_size=0)
    with pytest.raises(ValueError, match="ngram_sizes"):
        count_texts(tricky, ngram_sizes=(0, 2))
    with pytest.raises(ValueError, match="reduplication"):
        count_words(tricky, reduplication="half")
    with pytest.raises(ValueError, match="count_words.*text"):
        count_words(tricky.drop(columns="text"))
    assert np.array_equal(count_words(tricky)["count"], term_counts(tokenize(tricky))["count"])
