"""Tests for the term modules (tokens, actors, counts, keyness, kwic, engine.partials) on the
five seed pages and on small hand-made texts."""

from __future__ import annotations

import doctest
import math
import re
import socket
import subprocess
import sys
import textwrap
import urllib.request
from collections import Counter
from pathlib import Path

import nltk
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis import actors as actors_module
from analysis import counts as counts_module
from analysis import evaluation
from analysis import keyness as keyness_module
from analysis import kwic as kwic_module
from analysis import tokens as tokens_module
from analysis.engine import partials as partials_module
from analysis.actors import ACTOR_TYPES, acronym_forms, actor_candidates, actor_counts, load_actors, mark_actors
from analysis.counts import TermCounts, ngrams, term_counts, term_counts_by
from analysis.engine.partials import (KEY_BITS, PARTIAL_VALUES, Vocabulary, combine_counts, partial_counts,
                                      partial_keys, sum_rows)
from analysis.keyness import collocations, keyness, log_likelihood_g2
from analysis.kwic import CONTEXT_CHARS_PER_WORD, kwic
from analysis.tokens import load_stopwords, tokenize, word_tokenizer

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "seeds_gold.json"
BREAK_START = tuple(".!?…;:()[]{}\n-–—")


def load_seed_texts() -> pd.DataFrame:
    """The cleaned seed texts: lines labelled ``body`` by the gold, joined by a blank line."""
    return evaluation.gold_texts(GOLD, ROOT / "seeds")


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_seed_texts()


@pytest.fixture(scope="module")
def seed_tokens(seeds) -> pd.DataFrame:
    return tokenize(seeds)


def frame(*texts: str, outlet: str = "") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "outlet": outlet, "text": list(texts)})


def tokens_of(text: str, **options) -> list[str]:
    return tokenize(frame(text), **options)["token"].astype(str).tolist()


def placeholder_tokens() -> dict[str, str]:
    """Actor placeholder -> actor token, learnt through the public API."""
    actors = load_actors().drop_duplicates("canonical")
    return dict(zip(mark_actors(actors["canonical"]), actors["token"]))


# --------------------------------------------------------------------------- tokenizer

TRICKY = [
    "Negara-negara Jum'at Jum’at ‘kutip’ 1.000 23/9/2023 17:33 COVID-19 F-16 G20.",
    "Korea Utara-Rusia (Korsel), AS; as - dash – en — em -- x-\ty\u00a0z.",
    "Baris satu\nbaris dua\n\n  spasi  ganda …akhir?! [kurung] {kurawal}",
    "Éropa café naïve Ханой 東京 ٣٤ AS-nya Rusianya RUsia KOREA UTARA",
    # NLTK compiles the pattern with the regex engine: its word characters include combining marks
    # (Arabic vowel marks, a decomposed accent) and letters newer than Python's Unicode tables
    # (U+0558; Arrow's tables, newer too, call it a letter), besides modifier letters, a title-case
    # digraph, a letter number and a ligature
    "عَنْ أَبِي سَعِيدٍ، nai\u0308ve ʼokina ǅungla ⅻ ﬁne x\u0558y \u0558 Ж\u0558 «عَنْ-عَنْ»",
    # U+001C-U+001F are whitespace to Python's re, not to regex: a dash run beside them
    "a \x1c- b x\x1f-- \x1d-\x1e y",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tokens_are_exactly_the_nltk_tokenizers(text):
    """Our whole-column tokenizing equals NLTK's RegexpTokenizer on the marked text."""
    marked = mark_actors(pd.Series([text]))[0]
    expected = [t for t in word_tokenizer().tokenize(marked) if not t.startswith(BREAK_START)]
    names = placeholder_tokens()
    expected = [names.get(t, t.lower().replace("’", "'")) for t in expected]
    assert tokens_of(text, keep_stopwords=True, keep_numbers=True) == expected


# Pieces of text whose joins make every kind of plain chunk (printable ASCII, placeholders): words,
# numbers with inner separators, apostrophes, hyphens, dash runs, brackets, quotes, an actor and
# characters no alternative takes (chunks with other characters go through NLTK's own engine:
# TRICKY and the seed texts test those).
_PLAIN_PIECES = ["a", "Zb", "x9", "7", "12", ".", ",", ":", "/", "-", "--", "'", "(", ")", "[", "}",
                 "!?", '"', "#", "_", "~", "AS", "Korea Utara"]
_PLAIN_TEXTS = st.lists(st.lists(st.lists(st.sampled_from(_PLAIN_PIECES), min_size=1, max_size=4),
                                 max_size=12).map(lambda chunks: " ".join(map("".join, chunks))),
                        min_size=1, max_size=4)


@settings(max_examples=400, deadline=None)
@given(_PLAIN_TEXTS)
def test_tokens_of_any_mix_of_pieces_are_the_nltk_tokenizers(texts):
    """Plain chunks are tokenized in RE2 (the pattern translated for printable ASCII and
    placeholders): every mix gives NLTK's tokens and sentences."""
    ours = tokenize(frame(*texts), keep_stopwords=True, keep_numbers=True)
    for i, text in enumerate(texts):
        assert_nltk_sentences(ours[ours["doc_id"] == f"d{i}"], text)


def test_seed_tokens_and_sentences_are_the_nltk_tokenizers(seeds):
    ours = tokenize(seeds, keep_stopwords=True, keep_numbers=True)
    for doc_id, text in zip(seeds["doc_id"], seeds["text"]):
        doc = ours[ours["doc_id"] == doc_id]
        assert_nltk_sentences(doc, text)
        assert doc["position"].tolist() == list(range(len(doc)))


def assert_nltk_sentences(doc: pd.DataFrame, text: str) -> None:
    """``doc`` (one document's rows of ``tokenize``) holds NLTK's tokens of ``text`` as we write
    them (actors as their tokens, lower case), numbered into the sentences NLTK's break tokens cut."""
    names = placeholder_tokens()
    sentences, current = [], []
    for token in word_tokenizer().tokenize(mark_actors(pd.Series([text]))[0]):
        if token.startswith(BREAK_START):
            sentences, current = (sentences + [current] if current else sentences), []
        else:
            current.append(names.get(token, token.lower().replace("’", "'")))
    sentences += [current] if current else []
    assert doc["token"].astype(str).tolist() == sum(sentences, [])
    got = doc.groupby("sentence")["token"].agg(lambda s: s.astype(str).tolist()).tolist()
    assert got == sentences


def test_tokenize_columns_and_types(seed_tokens):
    assert list(seed_tokens.columns) == ["doc_id", "outlet", "position", "sentence",
                                         "token", "is_actor"]
    assert seed_tokens["is_actor"].dtype == bool
    assert seed_tokens["position"].dtype == np.int64
    assert set(seed_tokens["outlet"].astype(str)) == {"", "Bisnis.com", "Okezone",
                                                       "Pikiran Rakyat Depok", "Tempo.co"}


def test_positions_keep_gaps_of_removed_tokens(seeds):
    full = tokenize(seeds, keep_stopwords=True, keep_numbers=True)
    filtered = tokenize(seeds)
    merged = filtered.merge(full, on=["doc_id", "position"], suffixes=("", "_full"))
    assert len(merged) == len(filtered)
    assert (merged["token"].astype(str) == merged["token_full"].astype(str)).all()


def test_numbers_and_punctuation_dropped_unless_asked():
    text = "Pada 25 Oktober 2023, Rusia menerima 1.000 kontainer."
    assert tokens_of(text) == ["oktober", "rusia", "menerima", "kontainer"]
    assert tokens_of(text, keep_numbers=True) == ["25", "oktober", "2023", "rusia", "menerima",
                                                  "1.000", "kontainer"]


def test_reduplication_keep_or_base():
    text = "Negara-negara mengirim kontainer-kontainer dan rumor-rumor; sayur-mayur."
    assert tokens_of(text) == ["negara-negara", "mengirim", "kontainer-kontainer",
                               "rumor-rumor", "sayur-mayur"]
    assert tokens_of(text, reduplication="base") == ["negara", "mengirim", "kontainer",
                                                     "rumor", "sayur-mayur"]
    with pytest.raises(ValueError):
        tokens_of(text, reduplication="split")


def test_apostrophe_keep_or_drop():
    text = "Jum'at dan Jum’at"
    assert tokens_of(text) == ["jum'at", "jum'at"]
    assert tokens_of(text, apostrophe="drop") == ["jumat", "jumat"]


def test_stemming_on_and_off():
    text = "Mengutuk pernyataan; mengutuk kontainer-kontainer Jum'at. Korut mengutuk."
    assert tokens_of(text) == ["mengutuk", "pernyataan", "mengutuk", "kontainer-kontainer",
                               "jum'at", "korea_utara", "mengutuk"]
    assert tokens_of(text, stem=True) == ["kutuk", "nyata", "kutuk", "kontainer",
                                          "jum'at", "korea_utara", "kutuk"]


def test_stemming_runs_once_per_distinct_word(monkeypatch):
    # Sastrawi's stemmer (a CachedStemmer) is asked once per distinct word, never per token;
    # the words are new to this process (a random suffix), so no earlier test stemmed them
    from Sastrawi.Stemmer.CachedStemmer import CachedStemmer

    calls = Counter()
    real = CachedStemmer.stem

    def counting(self, word):
        calls[word] += 1
        return real(self, word)

    monkeypatch.setattr(CachedStemmer, "stem", counting)
    suffix = "".join(np.random.default_rng().choice(list("bcdfghjklmnpqrstvwxz"), 8))
    words = [f"{word}{suffix}" for word in ("mengutuk", "pengiriman", "senjata", "dikutuk")]
    text = "Rusia {0} {1} {2}; {1} {2} {3}.".format(*words)
    stemmed = tokenize(frame(*[text] * 50), stem=True)
    assert len(stemmed) == 50 * 7
    assert calls == Counter(dict.fromkeys(words, 1))


def test_stem_terms_sums_unstemmed_counts_as_stemming_counts_them(seeds):
    # given every unstemmed term, the stems and counts are those of counting with stem=True
    text = "Mengutuk pernyataan; dikutuk kontainer-kontainer dan kontainer. Korut menyatakan 25 kali."
    for texts in (seeds, frame(text, text, "Korut mengutuk.")):
        unstemmed = counts_module.count_words(texts, extra_stopwords="kali")
        stemmed = counts_module.count_words(texts, stem=True, extra_stopwords="kali")
        merged = tokens_module.stem_terms(unstemmed)
        assert merged[["term", "count"]].equals(stemmed[["term", "count"]].sort_values(
            ["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True))
        assert merged["forms"].sum() == len(unstemmed)
    kutuk = merged.set_index("term").loc["kutuk"]
    assert (kutuk["count"], kutuk["forms"], kutuk["merged"]) == (5, 2, "mengutuk, dikutuk")
    assert tokens_module.stem_terms(unstemmed, max_forms=1).set_index("term").loc["kutuk", "merged"] == "mengutuk"
    with pytest.raises(ValueError, match="stem_terms: max_forms"):
        tokens_module.stem_terms(unstemmed, max_forms=0)
    with pytest.raises(ValueError, match="count"):
        tokens_module.stem_terms(unstemmed[["term"]])


def test_stopwords_extendable_by_list_or_string():
    text = "Rusia menerima senjata dan amunisi dari Korut"
    assert tokens_of(text) == ["rusia", "menerima", "senjata", "amunisi", "korea_utara"]
    assert tokens_of(text, extra_stopwords="senjata, Amunisi") == ["rusia", "menerima",
                                                                   "korea_utara"]
    assert tokens_of(text, extra_stopwords=["senjata"]) == ["rusia", "menerima", "amunisi",
                                                             "korea_utara"]
    assert tokens_of(text, keep_stopwords=True)[3] == "dan"
    assert {"dan", "wib", "com"} <= load_stopwords()


def test_actor_tokens_are_never_stopwords():
    tokens = tokenize(frame("Rusia dan Korut"), extra_stopwords="rusia,korea_utara,dan")
    assert tokens["token"].astype(str).tolist() == ["rusia", "korea_utara"]
    assert tokens["is_actor"].all()


def test_no_stopword_in_top_20_seed_terms(seed_tokens):
    top = term_counts(seed_tokens).head(20)["term"]
    assert not set(top) & load_stopwords()
    assert {"rusia", "korea_utara", "amerika_serikat", "senjata"} <= set(top)


# --------------------------------------------------------------------------- counts

def test_term_counts_equal_countvectorizer(seed_tokens):
    docs = seed_tokens.groupby("doc_id", observed=True)["token"].agg(
        lambda s: s.astype(str).tolist())
    vectorizer = CountVectorizer(analyzer=lambda doc: doc)
    matrix = vectorizer.fit_transform(docs.tolist())
    expected = pd.DataFrame({"term": vectorizer.get_feature_names_out(),
                             "count": np.asarray(matrix.sum(axis=0)).ravel(),
                             "documents": np.asarray((matrix > 0).sum(axis=0)).ravel()})
    counts = term_counts(seed_tokens)
    merged = counts.merge(expected, on="term", suffixes=("", "_sklearn"), validate="1:1")
    assert len(merged) == len(expected) == len(counts)
    assert (merged["count"] == merged["count_sklearn"]).all()
    assert (merged["documents"] == merged["documents_sklearn"]).all()
    assert np.allclose(counts["per_1k"], (counts["count"] * 1000 / len(seed_tokens)).round(3))


def test_term_counts_sorted_by_count_then_term(seed_tokens):
    counts = term_counts(seed_tokens)
    key = list(zip(-counts["count"], counts["term"]))
    assert key == sorted(key)


def test_tables_order_strings_by_code_point_and_count_ties_by_the_term():
    """Counts, counts by outlet, keyness and n-grams sort their text columns as Python compares
    strings (code points: capitals first, accented and non-Latin letters, a letter beyond the
    Basic Multilingual Plane), with many ties on the count; floats (G²) descending."""
    words = ["zebra", "Zebra", "éclair", "eclair", "ıstanbul", "istanbul", "straße", "strasse",
             "\U0001d518nicode", "ünlü", "a-b", "a_b", "10", "9", "Ärger", "arger"]
    rng = np.random.default_rng(3)
    n = 400
    tokens = pd.DataFrame({"doc_id": rng.choice(["d1", "d2", "d3", "d4"], n), "outlet": rng.choice(["Ö", "O", "o"], n),
                           "position": np.arange(n), "sentence": 0, "token": rng.choice(words, n),
                           "is_actor": False})
    counts = term_counts(tokens)
    assert list(zip(-counts["count"], counts["term"])) == sorted(zip(-counts["count"], counts["term"]))
    assert counts["count"].duplicated().any()
    by_outlet = term_counts_by(tokens, "outlet")
    key = list(zip(by_outlet["outlet"], -by_outlet["count"], by_outlet["term"]))
    assert key == sorted(key) and by_outlet["outlet"].tolist()[0] == "O"
    key = keyness(tokens, "outlet", min_count=1)
    assert list(zip(key["outlet"], -key["keyness_g2"], key["term"])) == \
        sorted(zip(key["outlet"], -key["keyness_g2"], key["term"]))
    grams = ngrams(tokens, 2)
    assert list(zip(-grams["count"], grams["ngram"])) == sorted(zip(-grams["count"], grams["ngram"]))
    assert grams["count"].duplicated().any()


def test_term_counts_by_outlet_and_document(seed_tokens):
    by_outlet = term_counts_by(seed_tokens, "outlet")
    assert list(by_outlet.columns) == ["outlet", "term", "count", "per_1k"]
    assert by_outlet["count"].sum() == len(seed_tokens)
    okezone = by_outlet[by_outlet["outlet"] == "Okezone"]
    assert np.isclose(okezone["per_1k"].sum(), 1000, atol=0.1)
    by_doc = term_counts_by(seed_tokens, "doc_id")
    assert list(by_doc.columns) == ["doc_id", "term", "count", "per_1k"]
    overall = term_counts(seed_tokens).set_index("term")["count"]
    assert by_doc.groupby("term")["count"].sum().sort_index().equals(overall.sort_index())
    key = list(zip(by_doc["doc_id"], -by_doc["count"], by_doc["term"]))
    assert key == sorted(key)


def test_duplicated_paragraphs_of_page_002_are_counted_once(seeds, seed_tokens):
    """Lines 13-18 of page 002 repeat lines 7-12; the gold labels keep one copy."""
    raw = (ROOT / "seeds" / "002_232fd3ee54a89291.txt").read_text(encoding="utf-8")
    body = seeds.set_index("doc_id").loc["002_232fd3ee54a89291", "text"]
    for phrase in ("provokasi langsung", "The Straits Times", "Yoon Suk Yeol"):
        assert raw.count(phrase) == 2 and body.count(phrase) == 1
    page = seed_tokens[seed_tokens["doc_id"] == "002_232fd3ee54a89291"]
    bigrams = ngrams(page, 2).set_index("ngram")["count"]
    assert bigrams["provokasi langsung"] == 1
    counts = term_counts(page).set_index("term")["count"]
    assert counts["the_straits_times"] == counts["yoon_suk_yeol"] == 1
    assert counts["korea_selatan"] == body.count("Korea Selatan") + body.count("Korsel") == 6


# --------------------------------------------------------------------------- actors

KOREA_UTARA = re.compile(r"\b(?:Republik Rakyat Demokratik Korea|Korea [Uu]tara|Korut)\b")


def test_korea_utara_is_one_actor_counted_over_its_surface_forms(seeds, seed_tokens):
    expected = sum(len(KOREA_UTARA.findall(text)) for text in seeds["text"])
    counts = term_counts(seed_tokens).set_index("term")
    assert expected == 41
    assert counts.loc["korea_utara", "count"] == expected
    assert "korut" not in counts.index and "utara" not in counts.index
    actors = actor_counts(seeds)
    assert actors.loc[actors["actor"] == "Korea Utara", "count"].sum() == expected
    per_doc = actors[actors["actor"] == "Korea Utara"].set_index("doc_id")["count"]
    for doc_id, text in zip(seeds["doc_id"], seeds["text"]):
        assert per_doc[doc_id] == len(KOREA_UTARA.findall(text))


def test_acronym_AS_only_in_upper_case():
    tokens = tokenize(frame("AS dan Asia, as well as ASEAN; AS-nya dan Amerika Serikat."),
                            keep_stopwords=True)
    assert tokens["token"].astype(str).tolist() == [
        "amerika_serikat", "dan", "asia", "as", "well", "as", "asean",
        "amerika_serikat", "nya", "dan", "amerika_serikat"]
    assert tokens["is_actor"].tolist() == [True, False, True, False, False, False, False,
                                           True, False, False, True]
    tokens = tokenize(frame("Menurut RI, ri tidak."))
    assert tokens[["token", "is_actor"]].astype(str).values.tolist() == [
        ["indonesia", "True"], ["ri", "False"]]


def test_actor_forms_from_the_brief_resolve_to_one_canonical_name():
    same = {
        "amerika_serikat": ["AS", "Amerika Serikat"],
        "korea_utara": ["Korut", "Korea Utara", "KOREA UTARA", "Korea utara"],
        "korea_selatan": ["Korsel", "Korea Selatan"],
        "dewan_keamanan_pbb": ["DK PBB", "Dewan Keamanan PBB"],
        "kim_jong_un": ["Kim Jong-un", "Kim Jong Un"],
        "yoko_kamikawa": ["Kamikawa Yoko", "Yoko Kamikawa"],
        "sergey_lavrov": ["Sergey Lavrov", "Sergei Lavrov"],
        "sergei_shoigu": ["Sergei Shoigu", "Sergey Shoigu"],
        "sergey_brin": ["Sergey Brin"],
        "indonesia": ["RI"],
        "gedung_putih": ["Gedung Putih"],
        "kremlin": ["Kremlin"], "pyongyang": ["Pyongyang"], "moskow": ["Moskow"],
        "washington": ["Washington"], "seoul": ["Seoul"], "pbb": ["PBB"], "kcna": ["KCNA"],
    }
    for token, forms in same.items():
        for form in forms:
            assert tokens_of(f"({form}) menyerang") == [token, "menyerang"], form
    assert tokens_of("Sergey menyerang") == ["sergey", "menyerang"]  # a bare first name is no actor
    assert tokens_of("gedung putih itu") == ["gedung", "putih"]  # lower case: a white building


def test_gazetteer_covers_the_seed_actors():
    actors = load_actors()
    assert list(actors.columns) == ["canonical", "type", "surface", "token", "case_sensitive"]
    assert set(actors["type"]) == set(ACTOR_TYPES)
    assert actors.loc[actors["surface"] == "AS", "case_sensitive"].item()
    for name in ["Antony Blinken", "Park Jin", "John Kirby", "Vladimir Putin", "Dmitry Peskov",
                 "Yoon Suk Yeol", "Ukraina", "Jepang", "China", "Uni Soviet", "Kharkiv",
                 "Semenanjung Korea", "Indo-Pasifik", "Uni Eropa", "Reuters", "Al Jazeera"]:
        assert name in set(actors["canonical"]), name


def test_gazetteer_rejects_bad_entries(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("- {canonical: Rusia, type: country, surface: [Moskwa]}\n"
                    "- {canonical: Moskow, type: place, surface: [Moskwa]}\n")
    with pytest.raises(ValueError, match="several actors"):
        load_actors(path)
    path.write_text("- {canonical: Rusia, type: nation}\n")
    with pytest.raises(ValueError, match="type"):
        load_actors(path)
    path.write_text("- {canonical: Rusia, type: country, surface: [rusia]}\n")
    with pytest.raises(ValueError, match="upper-case"):
        load_actors(path)


def test_actor_counts_columns_and_order(seeds):
    actors = actor_counts(seeds)
    assert list(actors.columns) == ["doc_id", "outlet", "actor", "type", "count"]
    assert (actors["count"] > 0).all()
    key = list(zip(actors["doc_id"], -actors["count"], actors["actor"]))
    assert key == sorted(key)
    tempo = actors[actors["outlet"] == "Tempo.co"].set_index("actor")
    assert tempo.loc["Gedung Putih", "type"] == "organisation"
    assert tempo.loc["Dmitry Peskov", "count"] == 1


def test_actor_counts_agree_with_actor_tokens(seeds, seed_tokens):
    by_token = seed_tokens[seed_tokens["is_actor"]].groupby(
        ["doc_id", "token"], observed=True).size()
    actors = actor_counts(seeds)
    token_of = load_actors().drop_duplicates("canonical").set_index("canonical")["token"]
    by_actor = actors.set_index(["doc_id", actors["actor"].map(token_of)])["count"]
    assert by_actor.sort_index().tolist() == by_token.sort_index().tolist()


def test_actor_candidates(seeds):
    candidates = actor_candidates(seeds)
    assert list(candidates.columns) == ["candidate", "count", "documents"]
    found = set(candidates["candidate"])
    assert "Menteri Luar Negeri" in found
    assert not found & set(load_actors()["surface"])
    more = actor_candidates(frame("Kata Jake Sullivan di NATO.",
                                        "Pada Sabtu, Jake Sullivan dan NATO diam. Lalu Rusia."),
                                  min_count=2)
    assert more.values.tolist() == [["Jake Sullivan", 2, 2], ["NATO", 2, 2]]


def test_actor_candidate_documents_are_counted_by_their_id_as_text():
    """Documents whose ids read the same (1 and "1") count as one, as every table keys them."""
    texts = pd.DataFrame({"doc_id": pd.Series([1, "1", "2"], dtype=object),
                          "text": ["Kata Jake Sullivan.", "Lalu Jake Sullivan pergi.", "Jake Sullivan diam."]})
    assert actor_candidates(texts).values.tolist() == [["Jake Sullivan", 3, 2]]


#: Capitalised words, acronyms and word pieces no actor or stopword is made of, with the characters
#: around a name that the candidate pattern tests (apostrophes, hyphens, underscores, digits,
#: spaces, line breaks, Latin-1 capitals and the multiplication sign between them).
_NAME_PIECES = ["Zq", "Qz", "ZQ", "Q9", "Éz", "ØQ", "Þz", "z", "q", "9", "×", "'", "’", "-", "_", " ", " ",
                "\n", "\t", "\u00a0", ".", ","]
#: The candidate pattern as first written, its look-behind before the capital.
_CANDIDATE_REFERENCE = re.compile(r"""
    (?<![\w'’-])
    (?: [A-ZÀ-ÖØ-Þ][\w'’-]* (?:[^\S\n]+[A-ZÀ-ÖØ-Þ][\w'’-]*)+
      | [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]+ )
    (?![\w'’-])
""", re.VERBOSE)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_PIECES), max_size=14), min_size=1, max_size=3))
def test_actor_candidates_are_those_of_the_pattern_as_first_written(docs):
    """The candidate pattern tests the character before a name after its capital, so that Python's
    regex skips from capital to capital (2x faster); the candidates are those of the pattern with
    the test written first (on texts without actors or stopwords, where nothing is trimmed)."""
    assert not any(set(s.lower()) <= set("zqéøþ9 '’-_") for s in load_actors()["surface"])
    assert not {p.lower() for p in _NAME_PIECES} & load_stopwords()
    texts = ["".join(pieces) for pieces in docs]
    found = [(f"d{i}", " ".join(m.split())) for i, text in enumerate(texts)
             for m in _CANDIDATE_REFERENCE.findall(text)]
    kept = [(d, m) for d, m in found if " " in m or (len(m) > 1 and not any(c.islower() for c in m))]
    expected = sorted(((m, n, len({d for d, c in kept if c == m})) for m, n in Counter(c for _, c in kept).items()),
                      key=lambda row: (-row[1], row[0]))
    got = actor_candidates(frame(*texts))
    assert got.values.tolist() == [list(row) for row in expected]


# --------------------------------------------------------------------------- keyness

def keyness_example() -> pd.DataFrame:
    """Outlet X: 100 tokens, 10 "senjata"; outlet Y: 200 tokens, 5 "senjata"."""
    rows = ([("x", "X", "senjata")] * 10 + [("x", "X", "lain")] * 90
            + [("y", "Y", "senjata")] * 5 + [("y", "Y", "lain")] * 195)
    tokens = pd.DataFrame(rows, columns=["doc_id", "outlet", "token"])
    tokens["position"] = tokens.groupby("doc_id").cumcount()
    return tokens


def test_keyness_sign_and_magnitude_by_hand():
    # "senjata" in X: a=10, b=5, c=100, d=200.
    #   E1 = c(a+b)/(c+d) = 100*15/300 = 5;  E2 = d(a+b)/(c+d) = 200*15/300 = 10
    #   G2 = 2 (10 ln(10/5) + 5 ln(5/10)) = 2 * 5 ln 2 = 6.931 (over-used: +)
    # "senjata" in Y: a=5, b=10, c=200, d=100 -> E1 = 10, E2 = 5 -> -6.931 (under-used)
    # "lain" in X: a=90, b=195, c=100, d=200 -> E1 = 95, E2 = 190
    #   G2 = 2 (90 ln(90/95) + 195 ln(195/190)) = 2 (-4.866 + 5.065) = 0.398,
    #   and 90/100 < 195/200, so -0.398
    result = keyness(keyness_example(), min_count=1)
    assert list(result.columns) == ["outlet", "term", "count", "per_1k", "keyness_g2", "tf_idf"]
    g2 = result.set_index(["outlet", "term"])["keyness_g2"]
    assert g2["X", "senjata"] == 6.931
    assert g2["Y", "senjata"] == -6.931
    assert g2["X", "lain"] == -0.398
    assert g2["Y", "lain"] == 0.398
    assert result[["outlet", "term"]].values.tolist() == [
        ["X", "senjata"], ["X", "lain"], ["Y", "lain"], ["Y", "senjata"]]
    assert result.set_index(["outlet", "term"]).loc[("X", "senjata"), "per_1k"] == 100.0


def test_log_likelihood_g2_is_vectorised():
    g2 = log_likelihood_g2(np.array([10, 5, 0, 7]), np.array([5, 10, 4, 0]),
                                 np.array([100, 200, 50, 70]), np.array([200, 100, 50, 0]))
    assert np.allclose(g2[:2], [10 * math.log(2), -10 * math.log(2)])
    # a = 0: 2 b ln(b/E2) with E2 = 50*4/100 = 2 -> 8 ln 2, under-used
    assert math.isclose(g2[2], -8 * math.log(2))
    assert g2[3] == 0.0  # no reference corpus


def test_keyness_tf_idf_equals_sklearn(seed_tokens):
    result = keyness(seed_tokens, min_count=1)
    matrix = term_counts_by(seed_tokens).pivot(index="outlet", columns="term",
                                                     values="count").fillna(0)
    tf_idf = TfidfTransformer().fit_transform(matrix.to_numpy()).toarray()
    expected = pd.DataFrame(tf_idf, index=matrix.index, columns=matrix.columns).stack()
    got = result.set_index(["outlet", "term"])["tf_idf"]
    assert np.allclose(got, expected[got.index].to_numpy(), atol=1e-6)
    assert len(got) == int((matrix > 0).to_numpy().sum())


def test_keyness_min_count_and_order(seed_tokens):
    result = keyness(seed_tokens, min_count=3)
    assert (result["count"] >= 3).all()
    key = list(zip(result["outlet"], -result["keyness_g2"], result["term"]))
    assert key == sorted(key)
    tempo = result[result["outlet"] == "Tempo.co"].iloc[0]
    assert tempo["term"] == "rudal" and tempo["keyness_g2"] > 10


# --------------------------------------------------------------------------- n-grams

def test_ngrams_count_within_sentences(seed_tokens):
    for n in (2, 3):
        expected = Counter()
        for _, sentence in seed_tokens.groupby(["doc_id", "sentence"], observed=True):
            words = sentence.sort_values("position")["token"].astype(str).tolist()
            expected.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        result = ngrams(seed_tokens, n)
        assert list(result.columns) == ["n", "ngram", "count", "documents"]
        assert dict(zip(result["ngram"], result["count"])) == dict(expected)
        key = list(zip(-result["count"], result["ngram"]))
        assert key == sorted(key)


def test_ngrams_never_cross_a_sentence_and_can_require_adjacency():
    tokens = tokenize(frame("Korut mengirim senjata. Rusia menerima senjata ke Moskow."))
    bigrams = set(ngrams(tokens, 2)["ngram"])
    assert "senjata rusia" not in bigrams
    assert "senjata moskow" in bigrams  # joined across the removed stopword "ke"
    adjacent = set(ngrams(tokens, 2, adjacent_only=True)["ngram"])
    assert "senjata moskow" not in adjacent and "menerima senjata" in adjacent


def test_collocations_equal_nltk_from_documents(seed_tokens):
    sentences = [group.sort_values("position")["token"].astype(str).tolist()
                 for _, group in seed_tokens.groupby(["doc_id", "sentence"], observed=True)]
    for measure in ("likelihood_ratio", "pmi"):
        finder = BigramCollocationFinder.from_documents(sentences)
        finder.apply_freq_filter(2)
        expected = finder.score_ngrams(getattr(BigramAssocMeasures, measure))[:50]
        result = collocations(seed_tokens, min_count=2, measure=measure, top_n=50)
        assert list(result.columns) == ["w1", "w2", "count", "score", "measure"]
        assert list(zip(result["w1"], result["w2"])) == [pair for pair, _ in expected]
        assert np.allclose(result["score"], [round(s, 3) for _, s in expected])
        assert (result["count"] >= 2).all() and (result["measure"] == measure).all()
    top = collocations(seed_tokens).iloc[0]
    assert (top["w1"], top["w2"]) == ("luar", "negeri")  # "luar" is kept: see stopwords_extra.txt


# --------------------------------------------------------------------------- KWIC

def test_kwic_on_an_actor_finds_every_surface_form(seeds):
    rows = kwic(seeds, "Korut", window=5)
    assert list(rows.columns) == ["doc_id", "left", "match", "right"]
    assert len(rows) == 41
    assert set(rows["match"]) == {"Korea Utara", "Korea utara", "Korut",
                                  "Republik Rakyat Demokratik Korea"}
    assert rows["doc_id"].tolist() == sorted(rows["doc_id"])
    assert all(len(side.split()) <= 5 for side in pd.concat([rows["left"], rows["right"]]))
    for query in ("Korea Utara", "korea_utara", "korea utara"):
        assert kwic(seeds, query, window=5).equals(rows)
    first = rows.iloc[0]
    assert first["left"] == "yang mengecam penyediaan senjata oleh"
    assert first["match"] == "Korea Utara"
    assert first["right"] == "kepada Rusia untuk perangnya di"


def test_kwic_on_a_term_in_text_order():
    texts = frame("Senjata dan amunisi.\n\nRusia membeli senjata, lalu persenjataan.",
                  "Tidak ada SENJATA di sini")
    rows = kwic(texts, "senjata", window=2)
    assert rows.values.tolist() == [["d0", "", "Senjata", "dan amunisi."],
                                    ["d0", "Rusia membeli", "senjata", ", lalu"],
                                    ["d1", "Tidak ada", "SENJATA", "di sini"]]
    assert len(kwic(texts, "*senjata*")) == 4
    assert kwic(texts, "membeli senjata")["match"].tolist() == ["membeli senjata"]
    assert kwic(texts, "nuklir").empty


# --------------------------------------------------------------------------- robustness

def test_empty_batch_and_missing_values():
    empty = tokenize(pd.DataFrame({"doc_id": [], "outlet": [], "text": []}))
    assert empty.empty and list(empty.columns)[:3] == ["doc_id", "outlet", "position"]
    assert term_counts(empty).empty
    assert ngrams(empty, 2).empty
    assert actor_counts(pd.DataFrame({"doc_id": [], "text": []})).empty
    texts = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Rusia.", None, "Korut"]})
    tokens = tokenize(texts)
    assert tokens[["doc_id", "outlet", "token"]].astype(str).values.tolist() == [
        ["a", "", "rusia"], ["c", "", "korea_utara"]]
    with pytest.raises(ValueError, match="unique"):
        tokenize(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))


def test_outputs_are_byte_stable_whatever_the_document_order(seeds):
    def render(seed: int) -> str:
        texts = seeds.sample(frac=1, random_state=seed)
        tokens = tokenize(texts)
        return "".join(table.to_csv(index=False) for table in (
            term_counts(tokens), term_counts_by(tokens), keyness(tokens),
            ngrams(tokens, 3), collocations(tokens), actor_counts(texts),
            kwic(texts, "Rusia"), actor_candidates(texts)))

    assert render(1) == render(2) == render(3)
    assert re.search(r"\.\d{4,}", term_counts(tokenize(seeds)).to_csv()) is None


@pytest.mark.parametrize("module", [tokens_module, actors_module, counts_module, keyness_module,
                                    kwic_module, partials_module], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    failures, tried = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried >= 2 and failures == 0


def test_nothing_is_fetched_from_the_network():
    # in a fresh interpreter, so that the stemmer, the stopwords and the gazetteer are loaded
    # while every way to the network is closed
    script = textwrap.dedent("""
        import socket, urllib.request
        def refuse(*args, **kwargs):
            raise SystemExit("network access attempted")
        socket.socket.connect = socket.create_connection = urllib.request.urlopen = refuse
        import nltk
        nltk.download = refuse
        from pathlib import Path
        from analysis import evaluation
        from analysis.actors import actor_candidates, actor_counts
        from analysis.counts import ngrams, term_counts
        from analysis.keyness import collocations, keyness
        from analysis.kwic import kwic
        from analysis.tokens import tokenize
        seeds = evaluation.gold_texts(Path("tests/fixtures/seeds_gold.json"), Path("seeds"))
        tokens = tokenize(seeds, stem=True)
        tables = [term_counts(tokens), keyness(tokens), collocations(tokens, measure="pmi"),
                  ngrams(tokens, 2), kwic(seeds, "Kremlin"), actor_counts(seeds),
                  actor_candidates(seeds)]
        print([table.empty for table in tables])
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str([False] * 7)


def test_import_and_run_in_a_fresh_interpreter_without_network():
    script = textwrap.dedent("""
        import socket, urllib.request
        def refuse(*args, **kwargs):
            raise SystemExit("network access attempted")
        socket.socket.connect = socket.create_connection = urllib.request.urlopen = refuse
        import nltk
        nltk.download = refuse
        import pandas as pd
        from analysis.counts import term_counts
        from analysis.tokens import tokenize
        texts = pd.DataFrame({"doc_id": ["a"], "text": ["Korut mengirim senjata ke Rusia."]})
        print(term_counts(tokenize(texts, stem=True)).term.tolist())
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['kirim', 'korea_utara', 'rusia', 'senjata']"


# --------------------------------------------------------------------------- batches

def full_tables(tokens: pd.DataFrame, min_count: int) -> dict[str, pd.DataFrame]:
    """Every table the batch path must reproduce, from a tokens table."""
    return {
        "term_counts": term_counts(tokens),
        "term_counts_by": term_counts_by(tokens, by="outlet"),
        "keyness": keyness(tokens, by="outlet", min_count=min_count),
        "ngrams2": ngrams(tokens, 2, min_count=min_count),
        "ngrams3": ngrams(tokens, 3, min_count=min_count),
        "collocations": collocations(tokens, min_count=max(min_count, 1)),
        "collocations_pmi": collocations(tokens, min_count=max(min_count, 1),
                                               measure="pmi", top_n=None),
    }


def tables_from(combined: dict, min_count: int) -> dict[str, pd.DataFrame]:
    """The same tables from combined partial counts."""
    return {
        "term_counts": TermCounts(combined).terms(),
        "term_counts_by": TermCounts(combined).by_outlet(),
        "keyness": TermCounts(combined).keyness(min_count),
        "ngrams2": TermCounts(combined).ngrams(2, min_count),
        "ngrams3": TermCounts(combined).ngrams(3, min_count),
        "collocations": TermCounts(combined).collocations(min_count=max(min_count, 1)),
        "collocations_pmi": TermCounts(combined).collocations(min_count=max(min_count, 1),
                                                    measure="pmi", top_n=None),
    }


def assert_identical(expected: dict[str, pd.DataFrame], got: dict[str, pd.DataFrame]) -> None:
    assert list(got) == list(expected)
    for name, table in expected.items():
        assert got[name].to_csv(index=False) == table.to_csv(index=False), name
        assert got[name].dtypes.equals(table.dtypes), name


def split_batches(texts: pd.DataFrame, sizes: list[int], seed: int) -> list[pd.DataFrame]:
    """``texts`` shuffled and cut into consecutive batches of the given sizes."""
    assert sum(sizes) == len(texts)
    shuffled = texts.sample(frac=1, random_state=seed)
    bounds = np.cumsum([0, *sizes])
    return [shuffled.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def partials(batches: list[pd.DataFrame], **options) -> list[dict]:
    return [partial_counts(tokenize(batch, **options)) for batch in batches]


def synthetic_texts(seeds: pd.DataFrame, copies: int = 40) -> pd.DataFrame:
    """The seed texts ``copies`` times (200 documents) with their own doc_ids, outlets that
    occur in some copies only, and words varied per copy so that counts differ."""
    rows = []
    for i in range(copies):
        copy = seeds.copy()
        copy["doc_id"] = copy["doc_id"] + f"#{i:03d}"
        copy["outlet"] = np.where(copy["outlet"] == "", f"Outlet {i % 3}", copy["outlet"])
        if i % 4 == 0:
            copy["outlet"] = copy["outlet"] + " Daerah"
        copy["text"] = (copy["text"].str.replace("senjata", f"senjata{i % 7}", regex=False)
                        .str.replace("Rusia", "Korut" if i % 5 == 0 else "Rusia", regex=False))
        if i % 9 == 0:  # shorter copies: only the first paragraph
            copy["text"] = copy["text"].str.split("\n\n").str[0]
        rows.append(copy)
    texts = pd.concat(rows, ignore_index=True)
    texts.loc[3, "text"] = ""  # a document without tokens
    texts.loc[7, "text"] = "dan yang di ke dari."  # only stopwords
    return texts


@pytest.fixture(scope="module")
def synthetic(seeds) -> pd.DataFrame:
    return synthetic_texts(seeds)


@pytest.mark.parametrize("sizes, seed", [([3, 2], 1), ([1, 4], 2), ([1, 1, 1, 1, 1], 3),
                                         ([1, 1, 1, 1, 1], 4)])
def test_batched_seed_tables_equal_the_full_corpus(seeds, seed_tokens, sizes, seed):
    parts = partials(split_batches(seeds, sizes, seed))
    for min_count in (1, 2, 3):
        expected = full_tables(seed_tokens, min_count)
        for order in (parts, parts[::-1], parts[1:] + parts[:1]):
            assert_identical(expected, tables_from(combine_counts(order), min_count))


@pytest.mark.parametrize("options", [{}, {"stem": True, "keep_numbers": True}])
def test_batched_synthetic_tables_equal_the_full_corpus(synthetic, options):
    assert len(synthetic) == 200
    tokens = tokenize(synthetic, **options)
    batches = split_batches(synthetic, [1, 37, 0, 90, 2, 53, 17], seed=5)
    parts = partials(batches, **options)
    combined = combine_counts(iter(parts))  # any iterable, read once
    for min_count in (1, 2, 4):
        assert_identical(full_tables(tokens, min_count), tables_from(combined, min_count))


def test_combining_is_order_independent_and_associative(synthetic):
    parts = partials(split_batches(synthetic, [50, 3, 97, 11, 39], seed=6))
    combined = combine_counts(parts)
    shuffled = [parts[i] for i in (3, 0, 4, 2, 1)]
    nested = combine_counts([combine_counts(parts[3:]),
                                   combine_counts(parts[:1]),
                                   combine_counts(parts[1:3])])
    for other in (combine_counts(shuffled), combine_counts(parts[::-1]), nested):
        assert list(other) == list(combined)
        for name, table in combined.items():
            pd.testing.assert_frame_equal(other[name], table, check_exact=True)


def test_combining_many_parts_sorts_each_row_about_twice(synthetic, monkeypatch):
    parts = partials(split_batches(synthetic, [5] * 40, seed=7))
    given = sum(len(part[name]) for part in parts for name in PARTIAL_VALUES)
    sorted_rows = []
    real_sum_rows = partials_module.sum_rows

    def counting(keys, data):
        sorted_rows.append(len(keys[0]))
        return real_sum_rows(keys, data)

    monkeypatch.setattr(partials_module, "sum_rows", counting)
    combined = combine_counts(iter(parts))
    # each sort of a running sum sorts its rows again: adding the parts pairwise as they come
    # (a binary counter) sorted the rows here 3.6 times on average, waiting parts 1.8 times
    assert sum(sorted_rows) <= 2.5 * given, sum(sorted_rows) / given
    monkeypatch.undo()
    expected = combine_counts([combine_counts(parts[:20]), combine_counts(parts[20:])])
    for name, table in expected.items():
        pd.testing.assert_frame_equal(combined[name], table, check_exact=True)


def test_min_count_is_applied_after_combining():
    first = frame("Uji coba nuklir di Pyongyang.", outlet="X")
    second = frame("Uji coba rudal dibalas.", outlet="Y").assign(doc_id="e0")
    tokens = tokenize(pd.concat([first, second], ignore_index=True))
    parts = partials([first, second])
    for part in parts:  # each batch alone has "uji coba" once
        assert TermCounts(part).ngrams(2, 2).empty
        assert TermCounts(part).collocations(min_count=2).empty
    combined = combine_counts(parts)
    bigrams = TermCounts(combined).ngrams(2, 2)
    assert bigrams.values.tolist() == [[2, "uji coba", 2, 2]]
    assert bigrams.equals(ngrams(tokens, 2, min_count=2))
    colloc = TermCounts(combined).collocations(min_count=2)
    assert colloc[["w1", "w2", "count"]].values.tolist() == [["uji", "coba", 2]]
    assert colloc.equals(collocations(tokens, min_count=2))
    counts = TermCounts(combined).terms().set_index("term")
    assert counts.loc["uji", ["count", "documents"]].tolist() == [2, 2]
    key_terms = TermCounts(combined).keyness(min_count=1)
    assert key_terms.equals(keyness(tokens, min_count=1))


def test_adjacent_only_and_hand_made_tokens():
    texts = frame("Korut mengirim senjata ke Rusia. Rusia menerima senjata dari Korut.",
                  "Senjata ke Moskow, kata Rusia.", "Korut dan Rusia.", outlet="X")
    texts.loc[2, "outlet"] = "Y"
    tokens = tokenize(texts)
    parts = [partial_counts(tokenize(texts.iloc[[i]]), adjacent_only=True,
                                  ngram_sizes=(1, 2, 3)) for i in (2, 0, 1)]
    combined = combine_counts(parts)
    for n in (1, 2, 3):
        assert TermCounts(combined).ngrams(n, adjacent_only=True).equals(
            ngrams(tokens, n, adjacent_only=True))
    with pytest.raises(ValueError, match="adjacent_only"):
        TermCounts(combined).ngrams(2, adjacent_only=False)
    assert TermCounts(combined).collocations(min_count=1).equals(  # never adjacent_only
        collocations(tokens, min_count=1))
    # tokens built by hand (object columns, no sentence column) work as well
    example = keyness_example()
    parts = [partial_counts(example[example["doc_id"] == d]) for d in ("y", "x")]
    combined = combine_counts(parts)
    assert_identical(full_tables(example, 1), tables_from(combined, 1))


def test_partial_counts_tables_and_types(seed_tokens):
    part = partial_counts(seed_tokens)
    assert set(part) == set(PARTIAL_VALUES) | {"ngram_sizes"}
    assert list(part["terms"].columns) == ["outlet", "term", "count", "documents"]
    assert list(part["totals"].columns) == ["outlet", "tokens", "documents"]
    assert list(part["ngrams"].columns) == ["n", "w1", "w2", "w3", "count", "documents"]
    assert list(part["bigram_fd"].columns) == ["w1", "w2", "count"]
    assert part["ngram_sizes"].values.tolist() == [[2, False], [3, False]]
    for name in PARTIAL_VALUES:
        table = part[name]
        assert not table.duplicated(partial_keys(name, table)).any(), name
        for column in table.columns:
            if column in ("count", "documents", "tokens"):
                assert table[column].dtype == np.int64 and (table[column] > 0).all()
            elif isinstance(table[column].dtype, pd.CategoricalDtype):
                categories = table[column].cat.categories
                assert categories.is_monotonic_increasing and categories.dtype == "str"
                assert set(table[column].cat.codes) == set(range(len(categories)))  # all used
    assert part["terms"]["count"].sum() == part["totals"]["tokens"].sum() == len(seed_tokens)
    assert part["totals"]["documents"].sum() == seed_tokens["doc_id"].nunique()
    bigrams = ngrams(seed_tokens, 2)
    assert part["bigram_fd"]["count"].sum() == bigrams["count"].sum()
    assert (part["ngrams"]["n"] == 3).sum() == len(ngrams(seed_tokens, 3))


def test_bigram_fd_and_word_fd_are_nltks_from_documents(seed_tokens):
    sentences = [group.sort_values("position")["token"].astype(str).tolist()
                 for _, group in seed_tokens.groupby(["doc_id", "sentence"], observed=True)]
    finder = BigramCollocationFinder.from_documents(sentences)
    part = partial_counts(seed_tokens)
    bigram_fd = part["bigram_fd"]
    assert dict(zip(zip(bigram_fd["w1"].astype(str), bigram_fd["w2"].astype(str)),
                    bigram_fd["count"])) == dict(finder.ngram_fd)
    word_fd = part["terms"].groupby("term", observed=True)["count"].sum()
    assert dict(zip(word_fd.index.astype(str), word_fd)) == dict(finder.word_fd)


@pytest.mark.parametrize("high", [2**10, 2**40], ids=["packed-keys", "wide-keys"])
def test_sum_rows_adds_per_key_like_groupby(high):
    # keys that fit in one int64 are packed; wider ones (a vocabulary of millions
    # of words in 3-grams) take the column-by-column path: both must add exactly
    rng = np.random.default_rng(7)
    keys = [rng.integers(0, 5, 5_000) * (high // 4), rng.integers(0, 97, 5_000) * (high // 97),
            rng.integers(0, 3, 5_000)]
    data = [rng.integers(1, 10, 5_000), rng.integers(1, 10, 5_000)]
    bits = sum(max(int(key.max()), 1).bit_length() for key in keys)
    assert (bits > KEY_BITS) == (high > 2**32)
    distinct, sums = sum_rows(keys, data)
    frame = pd.DataFrame({"a": keys[0], "b": keys[1], "c": keys[2], "x": data[0], "y": data[1]})
    expected = frame.groupby(["a", "b", "c"], sort=True).sum().reset_index()
    got = pd.DataFrame({"a": distinct[0], "b": distinct[1], "c": distinct[2], "x": sums[0],
                        "y": sums[1]}).astype(np.int64)
    pd.testing.assert_frame_equal(got, expected.astype(np.int64))


def test_vocabulary_codes_grow_and_decode_sorted():
    vocabulary = Vocabulary()
    first = vocabulary.codes(["rusia", "korea_utara"])
    again = vocabulary.codes(["korea_utara", "amerika_serikat", "rusia"])
    assert first.tolist() == [0, 1] and again.tolist() == [1, 2, 0] and len(vocabulary) == 3
    table = pd.DataFrame({"n": np.array([2, 2], dtype=np.int16),
                          "w1": pd.Categorical(["rusia", "amerika_serikat"]),
                          "count": [1, 5]})
    keys, data, layout = vocabulary.encode(table, ["n", "w1"], ["count"])
    decoded = vocabulary.decode(keys, data, layout)
    assert decoded.values.tolist() == [[2, "amerika_serikat", 5], [2, "rusia", 1]]
    assert decoded["n"].dtype == np.int16
    assert list(decoded["w1"].cat.categories) == ["amerika_serikat", "rusia"]  # only the words used


def test_partial_counts_are_much_smaller_than_tokens(synthetic):
    tokens = tokenize(synthetic)
    part = partial_counts(tokens, ngram_sizes=())
    size = {name: table.memory_usage(deep=True).sum() for name, table in part.items()}
    assert size["terms"] + size["totals"] < tokens.memory_usage(deep=True).sum() / 10
    assert part["ngrams"].empty and not part["bigram_fd"].empty


def test_combining_rejects_mismatched_or_missing_parts(seed_tokens):
    with pytest.raises(ValueError, match="no partial"):
        combine_counts([])
    with pytest.raises(ValueError, match="ngram_sizes"):
        combine_counts([partial_counts(seed_tokens),
                              partial_counts(seed_tokens, ngram_sizes=(2,))])
    with pytest.raises(KeyError, match="bigram_fd"):
        part = partial_counts(seed_tokens)
        del part["bigram_fd"]
        combine_counts([part])
    combined = combine_counts([partial_counts(seed_tokens, ngram_sizes=(2,))])
    with pytest.raises(ValueError, match="n=3 was not counted"):
        TermCounts(combined).ngrams(3, adjacent_only=False)
    with pytest.raises(ValueError, match="TermCounts: tables lacks 'bigram_fd'"):
        TermCounts({name: table for name, table in combined.items() if name != "bigram_fd"})
    with pytest.raises(ValueError, match=r"TermCounts: tables\['totals'\] lacks column 'tokens'"):
        TermCounts({**combined, "totals": combined["totals"].drop(columns="tokens")})


def test_empty_batches_combine_to_the_same_tables(seeds, seed_tokens):
    empty = seeds.iloc[:0]
    no_tokens = pd.DataFrame({"doc_id": ["z"], "outlet": ["Z"], "text": ["dan yang."]})
    parts = partials([empty, seeds, no_tokens, empty])
    assert_identical(full_tables(seed_tokens, 2), tables_from(combine_counts(parts), 2))
    alone = combine_counts(partials([empty]))
    assert all(table.empty for name, table in alone.items() if name != "ngram_sizes")
    assert TermCounts(alone).terms().empty and TermCounts(alone).ngrams(2, adjacent_only=False).empty
    assert TermCounts(alone).collocations().empty and TermCounts(alone).keyness().empty


def test_kwic_context_is_bounded_and_never_cuts_a_word():
    # the context is looked for within window x CONTEXT_CHARS_PER_WORD characters, so a match in a
    # page of one huge line costs no more than one in a paragraph; a word cut by that limit is dropped
    long_word = "x" * (2 * CONTEXT_CHARS_PER_WORD)
    text = f"{long_word} satu dua Korea Utara tiga {long_word} empat"
    out = kwic(pd.DataFrame({"doc_id": ["a"], "text": [text]}), "Korea Utara", window=1)
    assert out[["left", "match", "right"]].values.tolist() == [["dua", "Korea Utara", "tiga"]]
    out = kwic(pd.DataFrame({"doc_id": ["a"], "text": [text]}), "Korea Utara", window=2)
    assert out[["left", "right"]].values.tolist() == [["satu dua", "tiga"]]


# --------------------------------------------------------------------------- input checks

TOKENS_WITHOUT_TOKEN = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]})
TEXTS_WITHOUT_TEXT = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]})


@pytest.mark.parametrize("call, message", [
    (lambda: tokenize(TEXTS_WITHOUT_TEXT), "tokenize: texts lacks column 'text'"),
    (lambda: actor_counts(TEXTS_WITHOUT_TEXT), "actor_counts: texts lacks column 'text'"),
    (lambda: actor_candidates(TEXTS_WITHOUT_TEXT), "actor_candidates: texts lacks column 'text'"),
    (lambda: kwic(TEXTS_WITHOUT_TEXT, "Rusia"), "kwic: texts lacks column 'text'"),
    (lambda: kwic(pd.DataFrame({"text": ["x"]}), "Rusia"), "kwic: texts lacks column 'doc_id'"),
    (lambda: term_counts(TOKENS_WITHOUT_TOKEN), "term_counts: tokens lacks column 'token'"),
    (lambda: term_counts_by(TOKENS_WITHOUT_TOKEN), "term_counts_by: tokens lacks column 'token'"),
    (lambda: term_counts_by(pd.DataFrame({"token": ["x"]}), by="doc_id"),
     "term_counts_by: tokens lacks column 'doc_id'"),
    (lambda: ngrams(TOKENS_WITHOUT_TOKEN), "ngrams: tokens lacks column 'token'"),
    (lambda: keyness(TOKENS_WITHOUT_TOKEN), "keyness: tokens lacks column 'token'"),
    (lambda: collocations(TOKENS_WITHOUT_TOKEN), "collocations: tokens lacks column 'token'"),
    (lambda: partial_counts(pd.DataFrame({"outlet": ["X"]})),
     "partial_counts: tokens lacks columns 'doc_id', 'token'"),
    (lambda: TermCounts({}), "TermCounts: tables lacks 'terms', 'totals'"),
    (lambda: mark_actors(["Korut"]), "mark_actors: text must be a pandas Series"),
])
def test_a_missing_column_is_named(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_term_counts_object_from_the_pipeline_dict(seeds, seed_tokens):
    # the dict pipeline.count_terms returns (combined counts plus "actors") wraps as it is
    combined = combine_counts([partial_counts(seed_tokens)])
    actors = actor_counts(seeds)
    counted = TermCounts.from_dict({**combined, "actors": actors})
    assert counted.actors is actors and counted.totals is combined["totals"]
    assert counted.by_outlet().equals(term_counts_by(seed_tokens))
    assert TermCounts(combined).actors is None
    assert set(counted.as_dict()) == set(combined) | {"actors"}
    assert "terms:" in repr(counted)


def test_collocations_top_n_equal_nltk_on_a_large_vocabulary():
    """With ``top_n``, only the bigrams near the top are scored by NLTK (NumPy filters them
    first): the rows, scores and order are NLTK's own for every measure, with tied scores and
    at the cut-off, on more bigrams than any top_n asked for."""
    rng = np.random.default_rng(7)
    syllables = ["ka", "ta", "mi", "ru", "so", "ne", "pa", "lo", "di", "gu", "be", "sa"]
    vocabulary = [a + b + c for a in syllables for b in syllables for c in syllables[:6]]
    texts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "outlet": ["a", "b"] * 20,
                          "text": [". ".join(" ".join(vocabulary[k % len(vocabulary)]
                                                      for k in rng.zipf(1.4, size=12)) for _ in range(25))
                                   for _ in range(40)]})
    tokens = tokenize(texts)
    sentences = [group.sort_values("position")["token"].astype(str).tolist()
                 for _, group in tokens.groupby(["doc_id", "sentence"], observed=True)]
    for measure in ("likelihood_ratio", "pmi", "chi_sq", "student_t", "dice", "jaccard",
                    "poisson_stirling", "phi_sq", "raw_freq"):
        for min_count, top_n in ((1, 1), (1, 25), (2, 50), (1, 400)):
            finder = BigramCollocationFinder.from_documents(sentences)
            finder.apply_freq_filter(min_count)
            assert len(finder.ngram_fd) > top_n  # the filter has bigrams to leave out
            expected = finder.score_ngrams(getattr(BigramAssocMeasures, measure))[:top_n]
            result = collocations(tokens, min_count=min_count, measure=measure, top_n=top_n)
            assert list(zip(result["w1"], result["w2"])) == [pair for pair, _ in expected], (measure, top_n)
            assert result["score"].tolist() == [round(s, 3) for _, s in expected], (measure, top_n)


def test_acronym_forms_are_the_words_written_mostly_in_capitals():
    texts = frame("KPK memeriksa saksi. Kata KPK dan DPR, saksi hadir.", "Juru bicara kpk menolak. DPR diam.",
                  "Dia datang. dia pergi. Dia pulang. AS dan as. AS dan as. X dan X.")
    # KPK 2 of 3 in capitals, DPR 2 of 2; "Dia" is capitalised, not in capitals; AS 2 of 4 (not more
    # than half); X one letter
    assert acronym_forms(texts) == {"dpr": "DPR", "kpk": "KPK"}
    assert acronym_forms(texts, min_count=3) == {}


def test_acronym_forms_read_a_sample_spread_over_the_documents():
    texts = frame(*["Kata KPK hari ini." if i % 4 else "Kata kpk hari ini." for i in range(100)])
    # 3 of 4 documents in capitals; a sample of every 4th (18 characters each) reads only the others
    assert acronym_forms(texts) == {"kpk": "KPK"}
    assert acronym_forms(texts, sample_chars=500) == {}
    with pytest.raises(ValueError, match="sample_chars"):
        acronym_forms(texts, sample_chars=0)


def test_acronym_forms_skip_datelines_and_web_addresses_and_keep_hyphenated_words():
    texts = frame("SURABAYA, KOMPAS.com - Wabah COVID-19 meluas. Kata PDI-P, KPK harus kuat.",
                  "SURABAYA, KOMPAS.com - Di Surabaya, COVID-19 terkendali. PDI-P setuju, KPK diam.",
                  "JAKARTA (ANTARA) - Tersangka ditahan.")
    assert acronym_forms(texts) == {"covid-19": "COVID-19", "kpk": "KPK", "pdi-p": "PDI-P"}
