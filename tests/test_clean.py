"""Cleaning: every line of every page labelled, body text exact, nothing lost.

Against the seeds gold, on odd and broken inputs, and on synthetic pages imitating
outlets the rules were not tuned on (tests/fixtures/unseen/, hand-labelled).
"""

import copy
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import clean, corpus, evaluation, page_lines, page_structure, re2, repeats, rules
from analysis.cleaning_rules import cleaning_rules
from analysis.clean import LABELS, LINE_COLUMNS, TEXT_COLUMNS
from analysis.text import casefold, count_words, join_groups, normalise_newlines, normalise_text

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = Path(__file__).resolve().parent / "fixtures" / "unseen"
HTML_TAG = re.compile(r"</?[A-Za-z!][^<>]*>")

LEAD = ("Menteri Luar Negeri Indonesia mengatakan pada Senin bahwa pemerintah sangat prihatin dengan "
        "kerja sama militer antara Korea Utara dan Rusia yang melanggar resolusi Dewan Keamanan PBB.")
PARAGRAPH = ("Menurut dia, semua negara harus mematuhi sanksi yang telah disepakati bersama oleh "
             "masyarakat internasional, termasuk larangan perdagangan senjata dengan Pyongyang.")


def gold_lines(gold: dict) -> dict:
    return {d["doc_id"]: d["lines"] for d in gold["documents"]}


def nonblank_raw_lines(documents: pd.DataFrame) -> set:
    raw = corpus.split_lines(documents)
    raw = raw[raw["text"].str.strip().ne("")]
    return set(zip(raw["doc_id"], raw["line_no"], raw["text"]))


def assert_every_line_once(lines: pd.DataFrame, documents: pd.DataFrame) -> None:
    assert list(lines.columns) == LINE_COLUMNS
    keys = list(zip(lines["doc_id"], lines["line_no"]))
    assert len(keys) == len(set(keys)), "a line is labelled twice"
    assert set(zip(lines["doc_id"], lines["line_no"], lines["text"])) == nonblank_raw_lines(documents)
    assert lines["label"].isin(LABELS).all(), set(lines["label"]) - set(LABELS)
    assert lines["reason"].str.len().gt(0).all()
    assert keys == sorted(keys), "not sorted by doc_id, line_no"
    assert str(lines["line_no"].dtype) == "int64"


@pytest.fixture(scope="module")
def seed_lines(seeds_corpus):
    return clean.label_lines(seeds_corpus.documents)


@pytest.fixture(scope="module")
def unseen_corpus():
    return corpus.load(UNSEEN)


@pytest.fixture(scope="module")
def unseen_gold():
    return json.loads((UNSEEN / "gold.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------- seeds against the gold

def test_seed_body_lines_exact(seed_lines, gold):
    s = evaluation.score_lines(seed_lines, gold_lines(gold))
    print(f"\nseeds: body precision {s['precision']:.3f} recall {s['recall']:.3f} f1 {s['f1']:.3f}",
          f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']}); per label {s['per_label']}")
    assert (s["precision"], s["recall"]) == (1.0, 1.0)
    assert s["n_docs"] == 5 and s["tp"] == 41


def test_seed_labels_agree_with_gold(seed_lines, gold):
    per_label = evaluation.score_lines(seed_lines, gold_lines(gold))["per_label"]
    mismatches = evaluation.compare_with_gold(seed_lines, gold_lines(gold)).query("gold != label")
    assert mismatches.empty, mismatches[["doc_id", "line_no", "gold", "label", "reason"]].to_string()
    assert set(per_label) == {"title", "dek", "byline", "dateline", "caption", "body", "duplicate", "credit",
                              "boilerplate"}


def test_seed_structures(seed_lines):
    by = seed_lines.set_index(["doc_id", "line_no"])
    # the article pasted twice on page 002: the second copy is duplicate, line by line
    dup = by.loc["002_232fd3ee54a89291"].loc[13:18]
    assert (dup["label"] == "duplicate").all()
    assert dup["reason"].tolist() == [f"repeat of line {n}" for n in range(7, 13)]
    # the related-articles block of page 004, repeated teaser titles included, is boilerplate
    related = by.loc["004_cbaadc0d4181c91b"].loc[42:]
    assert (related["label"] == "boilerplate").all() and len(related) == 51
    assert by.loc[("004_cbaadc0d4181c91b", 44), "reason"] == "after article end marker 'Berita terkait'"
    # the title repeated in markup, a caption repeated, a caption whose first part is the dek
    assert by.loc[("001_4ce3aef62b4e11e4", 10), "reason"] == "repeat of line 7"
    assert by.loc[("000_5a3c5d81fc76b85b", 7), "reason"] == "repeat of line 6"
    assert by.loc[("000_5a3c5d81fc76b85b", 6), "reason"] == "caption: photo credit '/ KCNA via REUTERS'"
    assert by.loc[("003_90f24d59b8c7160c", 4), "label"] == "dek"
    assert by.loc[("003_90f24d59b8c7160c", 5), "reason"] == "caption: photo credit '/Pixabay/Daniel6D'"
    # the body starts at the dateline, or after the title block when there is none
    assert by.loc[("000_5a3c5d81fc76b85b", 9), "reason"] == "body: opens with dateline 'Bisnis.com, JAKARTA -'"
    assert by.loc[("002_232fd3ee54a89291", 6), "reason"] == "body: opens with dateline 'SEOUL -'"
    assert by.loc[("001_4ce3aef62b4e11e4", 16), "reason"] == "body: paragraph in the article's run"
    assert by.loc[("000_5a3c5d81fc76b85b", 56), "reason"] == "outlet furniture (Bisnis.com)"


def test_every_seed_line_labelled_once(seed_lines, seeds_corpus):
    assert_every_line_once(seed_lines, seeds_corpus.documents)
    assert len(seed_lines) == seeds_corpus.documents["n_nonblank_lines"].sum()


def test_labels_do_not_depend_on_the_batch(seed_lines, seeds_corpus):
    one_by_one = pd.concat([clean.label_lines(seeds_corpus.documents.iloc[[i]]) for i in range(5)],
                           ignore_index=True)
    pd.testing.assert_frame_equal(one_by_one, seed_lines)


# ----------------------------------------------------------------- cleaned text

def test_page_002_keeps_each_duplicated_paragraph_once(seed_lines, seeds_corpus):
    texts = clean.clean_texts(seed_lines, seeds_corpus.documents).set_index("doc_id")["text"]
    page = texts["002_232fd3ee54a89291"]
    raw = seeds_corpus.documents.set_index("doc_id").loc["002_232fd3ee54a89291", "text"].split("\n")
    for line in raw[6:12]:  # lines 7-12, repeated as lines 13-18
        assert page.count(line.strip()) == 1, line
    assert page.split("\n\n")[0].startswith("SEOUL - Menteri Luar Negeri")
    assert "(ian)" not in page and "loading" not in page


def test_clean_texts_shape_and_normalisation(seed_lines, seeds_corpus, gold_docs):
    docs = seeds_corpus.documents
    out = clean.clean_texts(seed_lines, docs)
    assert list(out.columns) == TEXT_COLUMNS
    assert out["doc_id"].tolist() == docs["doc_id"].tolist()
    assert out["outlet"].tolist() == docs["outlet"].tolist()
    assert out["n_body_lines"].tolist() == [list(gold_docs[d]["lines"].values()).count("body") for d in out["doc_id"]]
    for text, n_words in zip(out["text"], out["n_body_words"]):
        assert not HTML_TAG.search(text)
        assert "  " not in text and "\u00a0" not in text and "\n\n\n" not in text
        assert text == unicodedata.normalize("NFC", text)
        assert n_words == len(text.split())
    # the body lines themselves, in order, joined by a blank line
    bisnis = out.set_index("doc_id").loc["000_5a3c5d81fc76b85b", "text"].split("\n\n")
    raw = docs.set_index("doc_id").loc["000_5a3c5d81fc76b85b", "text"].split("\n")
    assert bisnis == [raw[i - 1] for i in (9, 11, 13, 15, 17, 19, 21, 23)]


def test_clean_texts_without_documents_keeps_line_order():
    lines = pd.DataFrame({"doc_id": ["b", "b", "a"], "line_no": [2, 1, 1], "label": ["body", "body", "title"],
                          "text": ["dua", "satu", "Judul"]})
    out = clean.clean_texts(lines)
    assert out["doc_id"].tolist() == ["b", "a"]
    assert out["text"].tolist() == ["satu\n\ndua", ""]


def test_normalise_text():
    raw = pd.Series(["<p class='x'>Korea&nbsp;Utara</p>", "Cafe\u0301\u200b  kopi\t", "&lt;b&gt;tebal&lt;/b&gt;",
                     "a<br/>b<script>var x = 1;</script>c", None, "\u00a0"])
    assert normalise_text(raw).tolist() == ["Korea Utara", "Café kopi", "tebal", "a b c", "", ""]


def test_normalise_text_each_step_only_where_needed():
    # plain ASCII lines stand between lines that need one step each: every line is normalised as
    # the whole-column formula does, whatever its neighbours need
    raw = pd.Series(["Jakarta - berita biasa.", "Cafe\u0301 kopi", "plain", "\u1100\u1161 Hangul",
                     "tanya\u037e ohm \u2126", "a \u200b b", "x\u3000\u3000y", "\x1cfield\x1fsep",
                     "<<b>i>miring</i>", "A &amp; B", "&lt;i&gt;x&lt;/i&gt; y", "emoji \U0001F600  ok",
                     "  spasi  ", "", None, "\u00ad"], index=range(100, 116))
    out = normalise_text(raw)
    assert out.index.equals(raw.index)
    assert out.tolist() == ["Jakarta - berita biasa.", "Café kopi", "plain", "\uac00 Hangul", "tanya; ohm \u03a9",
                            "a b", "x y", "field sep", "miring", "A & B", "x y", "emoji \U0001F600 ok",
                            "spasi", "", "", ""]


_TEXT = st.text(alphabet=st.sampled_from(list("aZ ;<>&.") + ["\u0301", "\u00e9", "\u00a0", "\u200b", "\u3000",
                                                            "\t", "\x1c", "\u1100", "\u1161", "\u2126",
                                                            "\u037e", "\u00df", "\u03a3", "\u0130", "\ufb01",
                                                            "\U00010400", "\U0001F600"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_normalise_text_and_casefold_as_python(lines):
    # without tags or entities, a line is NFC, without invisible characters, split on whitespace
    # and joined by one space, as Python does it, on every mix of lines
    plain = [v.replace("<", "").replace("&", "") for v in lines]
    expected = [" ".join(unicodedata.normalize("NFC", v).translate(dict.fromkeys([0xad, 0x200b, 0x2060, 0xfeff]))
                         .split()) for v in plain]
    assert normalise_text(pd.Series(plain)).tolist() == expected
    assert casefold(pd.Series(lines, dtype="str")).tolist() == [v.casefold() for v in lines]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TEXT | st.sampled_from(["a\x85b", "\u2028", "x\x0by", "\n\n"]), st.sampled_from("xyz")),
                max_size=8))
def test_count_words_and_join_groups_as_pandas(rows):
    # count_words is str.count(r"\S+") (Python's whitespace, not RE2's), join_groups is
    # groupby(sort=False).agg(sep.join): the same values on every mix of whitespace and groups
    values = pd.Series([v for v, _ in rows], dtype="str")
    keys = pd.Series([k for _, k in rows], dtype="str")
    assert count_words(values).tolist() == values.str.count(r"\S+").tolist()
    expected = values.groupby(keys, sort=False).agg("\n\n".join) if len(rows) else pd.Series([], dtype="str")
    assert join_groups(values, keys, "\n\n").to_dict() == expected.to_dict()


def test_normalise_newlines_column():
    raw = pd.Series(["\ufeff\ufeffa\r\nb\rc", "tanpa", "x\ufeff\r\r\n"], index=[3, 1, 2])
    out = normalise_newlines(raw)
    assert out.index.equals(raw.index)
    assert out.tolist() == ["a\nb\nc", "tanpa", "x\ufeff\n\n"]


# ----------------------------------------------------------------- odd and broken inputs

@pytest.fixture(scope="module")
def odd_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("odd")
    (folder / "crlf_bom.txt").write_bytes(
        ("\ufeffKorut Kirim Amunisi ke Rusia\r\n\r\n\u00a0\r\nJakarta (ANTARA) - " + LEAD + "\r\n\t \r\n"
         + PARAGRAPH + "\r\nBaca juga: Kim Jong Un Bertemu Putin\r\n").encode("utf-8"))
    (folder / "no_body.txt").write_text(
        "Advertisement\nA\nA\nA\nloading...\nBerita Terkait\nBaca juga: Kim Jong Un Bertemu Putin\n"
        "Ikuti kami di Google News\n3 jam lalu\n", encoding="utf-8")
    (folder / "single_line.txt").write_text(LEAD, encoding="utf-8")
    (folder / "html_markup.txt").write_text(
        "<h1>Korut Kirim <b>Amunisi</b> ke Rusia</h1>\n<div class=\"ads\"><script>show()</script></div>\n"
        f"<p>JAKARTA - {LEAD}</p>\n<p>{PARAGRAPH.replace(' dan ', ' &amp; ')}</p>\n"
        "<p>Kata dia&nbsp;: <i>&quot;Kami prihatin&quot;</i> dan <a href=\"/x\">tautan</a> di akhir kalimat ini.</p>\n"
        "<br/>\n", encoding="utf-8")
    (folder / "english.txt").write_text(
        "North Korea sends weapons to Russia\n\nWASHINGTON - The United States, Japan and South Korea on "
        "Wednesday condemned the supply of weapons by North Korea to Russia, saying the transfers would "
        "prolong the war.\n\nThe three countries said the deliveries violated UN Security Council resolutions "
        "and would increase the suffering of the Ukrainian people.\n\nAdvertisement\n", encoding="utf-8")
    return corpus.load(folder, languages="any")


@pytest.fixture(scope="module")
def odd_lines(odd_corpus):
    return clean.label_lines(odd_corpus.documents)


def test_odd_inputs_every_line_once(odd_corpus, odd_lines):
    assert len(odd_corpus.documents) == 5
    assert_every_line_once(odd_lines, odd_corpus.documents)


def test_odd_inputs_labels(odd_corpus, odd_lines):
    by = odd_lines.set_index(["doc_id", "line_no"])
    label = by["label"].to_dict()
    assert [label[("crlf_bom", n)] for n in (1, 4, 6, 7)] == ["title", "body", "body", "boilerplate"]
    assert ("crlf_bom", 3) not in label and ("crlf_bom", 5) not in label  # NBSP / tab-only lines are blank
    assert set(by.loc["no_body", "label"]) == {"boilerplate"}
    assert label[("single_line", 1)] == "body"
    assert [label[("html_markup", n)] for n in range(1, 7)] == ["title", "boilerplate", "body", "body", "body",
                                                                "boilerplate"]
    assert [label[("english", n)] for n in (1, 3, 5, 7)] == ["title", "body", "body", "boilerplate"]
    texts = clean.clean_texts(odd_lines, odd_corpus.documents).set_index("doc_id")
    assert texts.loc["no_body", "text"] == "" and texts.loc["no_body", "n_body_lines"] == 0
    markup = texts.loc["html_markup", "text"]
    assert not HTML_TAG.search(markup) and "&amp;" not in markup and "&nbsp;" not in markup
    assert 'Kata dia : "Kami prihatin" dan tautan di akhir kalimat ini.' in markup
    assert texts.loc["crlf_bom", "text"] == f"Jakarta (ANTARA) - {LEAD}\n\n{PARAGRAPH}"


def test_no_body_problems(odd_corpus, odd_lines):
    problems = clean.no_body_problems(odd_lines, odd_corpus.documents)
    assert list(problems.columns) == corpus.PROBLEM_COLUMNS
    assert problems[["source_file", "doc_id", "severity"]].to_numpy().tolist() == [
        ["no_body.txt", "no_body", "warning"]]
    assert problems["message"].iloc[0] == "no body text found (all 9 lines are furniture: 9 boilerplate)"
    assert "no_body" in set(odd_corpus.documents["doc_id"])  # the document stays
    seeds = corpus.load(ROOT / "seeds")
    assert clean.no_body_problems(clean.label_lines(seeds.documents), seeds.documents).empty


def test_label_lines_on_bare_frames():
    empty = clean.label_lines(pd.DataFrame({"doc_id": pd.Series(dtype=str), "text": pd.Series(dtype=str)}))
    assert list(empty.columns) == LINE_COLUMNS and empty.empty
    docs = pd.DataFrame({"doc_id": ["x", "y", "z"],
                         "text": ["Judul Berita Ini\r\nJakarta - " + LEAD + "\r\n", None, "\u200b\n \n<br>"]})
    lines = clean.label_lines(docs)
    assert lines[["doc_id", "line_no", "label"]].to_numpy().tolist() == [
        ["x", 1, "title"], ["x", 2, "body"], ["z", 1, "boilerplate"], ["z", 3, "boilerplate"]]
    assert lines["text"].tolist()[1] == "Jakarta - " + LEAD  # CR removed, as the loader does
    texts = clean.clean_texts(lines, docs)
    assert texts["doc_id"].tolist() == ["x", "y", "z"] and texts["text"].tolist()[1:] == ["", ""]


# ----------------------------------------------------------------- rules that generalise

def _page(*lines: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["p"], "text": ["\n".join(lines)]})


def test_dateline_like_line_deep_in_the_body_does_not_restart_it():
    lines = clean.label_lines(_page("Korut dan Rusia Makin Dekat", LEAD, PARAGRAPH,
                                    "JAKARTA - Pemerintah juga meminta semua pihak menahan diri dan kembali berunding.",
                                    "Editor: Rina"))
    assert lines["label"].tolist() == ["title", "body", "body", "body", "byline"]


def test_prose_after_a_mid_article_credit_stays_body():
    lines = clean.label_lines(_page("Ekspor Indonesia Naik Tajam", "Jakarta - " + LEAD, "Sumber: BPS", PARAGRAPH,
                                    "korea utara", "rusia"))
    assert lines["label"].tolist() == ["title", "body", "credit", "body", "boilerplate", "boilerplate"]


def test_short_lines_after_the_last_paragraph_are_not_body():
    lines = clean.label_lines(_page("Korut Kirim Amunisi ke Rusia", LEAD, "Sanksi baru", PARAGRAPH,
                                    "Korea Utara", "Rusia", "Sanksi PBB"))
    # a subhead between paragraphs stays body; the tag list after the last one does not
    assert lines["label"].tolist() == ["title", "body", "body", "body", "boilerplate", "boilerplate", "boilerplate"]
    assert set(lines["reason"].iloc[-3:]) <= {"short line after the last paragraph (tags, links)",
                                              "not article: short line among non-article lines"}


# an export's article as one long paragraph (its paragraphs joined by commas, its links dropped):
# it opens with names and titles and ends in the commas the dropped links left
_NAMES = ("Kepala Satuan Lalu Lintas Polres Bogor Jawa Barat AKP Fadli Amri Kapolsek Sentul Kompol Budi Santoso "
          "dan Kasat Reskrim AKP Andi Wijaya menyebutkan mobil Suzuki APV Tol Jagorawi KM 36 Sentul Kabupaten Bogor")
_STORY = ("sempat terguling sejauh lima puluh meter setelah pengemudinya kehilangan kendali karena mengantuk pada pagi "
          "hari itu. Menurut polisi, mobil itu melaju dengan kecepatan tinggi dan menabrak pembatas jalan sebelum "
          "terbalik beberapa kali di bahu jalan. Petugas yang tiba di lokasi segera mengevakuasi para korban yang "
          "terjebak di dalam mobil dan membawa mereka ke rumah sakit terdekat untuk mendapatkan perawatan. ") * 3


def test_a_long_paragraph_opening_with_names_and_ending_in_commas_is_body():
    text = f" , - {_NAMES} {_STORY}Ketiga korban luka berat dilarikan ke RS EMC Sentul Bogor., , , "
    lines = clean.label_lines(_page("Mobil Terguling Lima Puluh Meter di Tol Jagorawi", text))
    assert lines["label"].tolist() == ["title", "body"]  # not a headline-like teaser of 235 words
    assert lines["reason"].iloc[1] == "body: paragraph in the article's run"


def test_a_long_paragraph_ending_in_initials_is_body_not_a_caption():
    text = f"Presiden Joko Widodo meninjau lokasi ibu kota baru di Kalimantan Timur, Senin. {_STORY}(Dam/Ysl)"
    lines = clean.label_lines(_page("Jokowi Umumkan Lokasi Ibu Kota Baru", text))
    assert lines["label"].tolist() == ["title", "body"]
    short = clean.label_lines(_page("Jokowi Umumkan Lokasi Ibu Kota Baru", LEAD, PARAGRAPH,
                                    "Presiden Joko Widodo meninjau lokasi ibu kota baru. (Foto: Reuters)"))
    assert short["label"].tolist()[-1] == "caption"  # a caption's length: still a caption


def test_a_promo_label_glued_into_a_paragraph_is_left_out_of_the_cleaned_text():
    page = _page("Korut Kirim Amunisi ke Rusia", f"{LEAD} Baca juga: Kim Bertemu Putin di Vladivostok. {PARAGRAPH}",
                 "Dia mengatakan, baca juga buku itu, lalu pulang.")
    lines = clean.label_lines(page)
    texts = clean.clean_texts(lines, page)
    assert "Baca juga:" in lines["text"].iloc[1]  # the line as it is
    assert "Baca juga" not in texts["text"].iloc[0] and "Kim Bertemu Putin" in texts["text"].iloc[0]
    assert "baca juga buku itu" in texts["text"].iloc[0]  # prose, without the label's colon


@pytest.mark.parametrize("tail, kept", [
    (",,,loading...", ""),                          # a loading indicator the export glued on
    (",, , Bagikan", ""),                           # a share call
    (",, Dia pulang ke rumah.", ",, Dia pulang ke rumah."),  # a sentence after the commas: kept
    (", Dia pulang.", ", Dia pulang."),              # one comma is prose
    (".,, ,", ".,, ,"),                              # no word: nothing to cut
])
def test_furniture_glued_after_a_run_of_commas_is_left_out_of_the_cleaned_text(tail, kept):
    """An export that joins a page's elements with commas glues its last furniture onto the last
    paragraph ("… katanya.,(rul/rvk),,,loading..."): cut from the cleaned text when that piece is
    a whole furniture line by itself, never a sentence."""
    page = _page("Korut Kirim Amunisi ke Rusia", LEAD + " (rul/rvk)" + tail)
    lines = clean.label_lines(page)
    texts = clean.clean_texts(lines, page)
    assert lines["text"].iloc[-1].endswith(tail.strip())  # the line as it is
    body = texts["text"].iloc[0]
    # the initials left at the end after the cut are the article's end, cut too (test below)
    assert body.endswith(("(rul/rvk)" + kept).rstrip() if kept else LEAD.rstrip())


@pytest.mark.parametrize("end, kept", [
    # a video promo and its embed, the editor's initials and the page's tags
    (' Simak Video "Timnas Menang 2-0" [Gambas:Video 20detik] (rin/nds) timnas piala aff 2019', ""),
    (" (ant)", ""),                                      # a wire's initials alone
    (" [Gambas:Video 20detik] (mul/ega)", ""),           # an embed, then the initials
    (" Dia menyebutnya upacara (ngaben)", " Dia menyebutnya upacara (ngaben)"),  # no sentence's end before
    (" (ant) Dia pulang ke rumah.", " (ant) Dia pulang ke rumah."),  # a sentence after it: prose
])
def test_an_articles_end_glued_onto_its_last_paragraph_is_left_out_of_the_cleaned_text(end, kept):
    """An export that flattens a page glues the article's end onto its last paragraph: the
    editor's initials after a sentence's end, then at most the page's tags, and a furniture line
    just before them ("… kata dia. Simak Video "…" [Gambas:Video 20detik] (rin/nds) tags")."""
    page = _page("Korut Kirim Amunisi ke Rusia", f"{LEAD} {PARAGRAPH}{end}")
    lines = clean.label_lines(page)
    texts = clean.clean_texts(lines, page)
    assert lines["label"].iloc[-1] == "body" and lines["text"].iloc[-1].endswith(end.strip())  # the line as it is
    assert texts["text"].iloc[0] == f"{LEAD} {PARAGRAPH}{kept}".strip()


def test_promoted_headlines_under_a_standalone_heading():
    lines = clean.label_lines(_page("Korut Kirim Amunisi ke Rusia", "SEOUL - " + LEAD, "Baca Juga",
                                    "Putin Terima Undangan Kim Jong Un", "Korut Kirim Rudal ke Rusia, Ini Kata Ukraina",
                                    PARAGRAPH))
    assert lines["label"].tolist() == ["title", "body", "boilerplate", "boilerplate", "boilerplate", "body"]
    assert lines["reason"].iloc[3] == "promoted headline after 'Baca Juga'"


def test_navigation_end_marker_before_the_body_does_not_end_it():
    lines = clean.label_lines(_page("Terpopuler", "Berita Terkait", "Korut Kirim Amunisi ke Rusia",
                                    "SEOUL - " + LEAD, PARAGRAPH, "Berita Terkait", "Judul Lain Yang Dipromosikan"))
    assert lines["label"].tolist() == ["boilerplate", "boilerplate", "title", "body", "body", "boilerplate",
                                       "boilerplate"]


def test_repeats_across_pages_of_one_outlet():
    shared = "Tentang penulis: wartawan senior yang meliput isu Asia Timur sejak 2010."
    texts = [f"Judul Berita Nomor {i}\nJakarta - {LEAD} ({i})\n{shared}" for i in range(4)]
    docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["Suara.com"] * 4, "text": texts})
    lines = clean.label_lines(docs)
    shared_rows = lines[lines["line_no"].eq(3)]
    assert (shared_rows["label"] == "boilerplate").all()
    assert set(shared_rows["reason"]) == {"repeated across 4 pages of Suara.com"}
    # never for fewer than 3 pages of the outlet, nor for one page scraped three times
    assert (clean.label_lines(docs.iloc[:2])["label"] == ["title", "body", "body"] * 2).all()
    same = pd.DataFrame({"doc_id": list("xyz"), "outlet": ["Suara.com"] * 3, "text": [texts[0]] * 3})
    assert clean.label_lines(same)["label"].tolist() == ["title", "body", "body"] * 3
    reasons = repeats.repeated_across_pages(lines, docs)
    assert reasons.index.equals(lines.index) and reasons.ne("").sum() == 4


def test_score_leaves_dek_out_both_ways():
    lines = pd.DataFrame({"doc_id": ["a"] * 4, "line_no": [1, 2, 3, 4], "label": ["body", "body", "dek", "body"]})
    s = evaluation.score_lines(lines, {"a": {"1": "dek", "2": "body", "3": "body", "4": "boilerplate"}})
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 1)
    assert s["per_label"]["dek"] == {"gold": 1, "agree": 0}


def test_rules_are_data_not_seed_specific():
    source = (ROOT / "analysis" / "clean.py").read_text(encoding="utf-8")
    data = (ROOT / "analysis" / "data" / "furniture.yaml").read_text(encoding="utf-8")
    for path in (ROOT / "seeds").glob("*.txt"):
        assert path.stem not in source and path.stem not in data
    rules = cleaning_rules()
    assert len(rules.furniture) >= 10 and all(rx.python.pattern for _, rx in rules.furniture)


def test_both_regex_engines_agree_on_every_rule(seeds_corpus, unseen_corpus, odd_corpus):
    docs = pd.concat([seeds_corpus.documents, unseen_corpus.documents, odd_corpus.documents], ignore_index=True)
    lines = corpus.split_lines(docs)
    extra = ["Jum’at, 27 Oktober 2023 |17:33 WIB", "Él dijo — algo", "ﺍﻟﻠﻪ أكبر", "١٢٣", "_", "Korea\u00a0Utara",
             "Penulis\u2003: Budi", "Foto: ANTARA FOTO/Hafidz Mubarak A", "(Foto: Dok. Istimewa)"]
    plain = normalise_text(pd.concat([lines["text"], pd.Series(extra)], ignore_index=True))
    plain = plain[plain.ne("")].drop_duplicates().tolist()
    column = pa.array(plain, type=pa.large_string())
    for name, rx in cleaning_rules().all():
        python = [rx.python.search(p) is not None for p in plain]
        assert rx.search(column).tolist() == python, name
    with pytest.raises(ValueError):
        re2.Rx.of(r"[\W_]+")


def test_both_regex_engines_extract_and_remove_alike_on_every_rule(seeds_corpus, unseen_corpus, odd_corpus):
    """On the lines a rule matches, ``page_lines.extract`` and ``Rx.sub_lines`` (the Python pattern,
    line by line) give what the RE2 twin gives (``extract_regex``, ``replace_substring_regex``)."""
    docs = pd.concat([seeds_corpus.documents, unseen_corpus.documents, odd_corpus.documents], ignore_index=True)
    extra = ["Jakarta, CNN Indonesia -- Korea Utara", "Foto: ANTARA FOTO/Hafidz Mubarak A", "(Foto: Dok. Istimewa)",
             "Presiden Joe Biden (kanan). (AP Photo/Evan Vucci)", "JAKARTA, KOMPAS.com - Amerika Serikat",
             # where Python's pattern and the RE2 twin differ (RE2's ASCII \b, case folding of İ): read by RE2
             "Kim Jong Un meninjau pabrik (Fotoğraf: AA)", "Parade militer di Pyongyang via APé",
             "İlustrasi: pabrik amunisi Korea Utara. Foto: AFP"]
    plain = normalise_text(pd.concat([corpus.split_lines(docs)["text"], pd.Series(extra)], ignore_index=True))
    column = pa.array(plain[plain.ne("")].drop_duplicates().tolist(), type=pa.large_string())
    compared = set()
    for name, rx in cleaning_rules().all():
        rows = rx.search(column)
        if not rows.any():
            continue
        matched = column.filter(pa.array(rows))
        assert rx.sub_lines(matched).to_pylist() == pc.replace_substring_regex(matched, rx.re2, "").to_pylist(), name
        for group in rx.python.groupindex:
            want = pc.struct_field(pc.extract_regex(matched, rx.re2), group).fill_null("").to_pylist()
            assert page_lines.extract(column, rows, rx, group)[rows].tolist() == want, (name, group)
            compared.add(name)
    assert compared == {"opener", "caption"}  # the rules clean.py extracts from
    caption = cleaning_rules().caption
    assert caption.extract_lines(pa.array([None, "tanpa kredit"], pa.large_string()), "credit") == ["", ""]
    assert caption.sub_lines(pa.array([None], pa.large_string())).to_pylist() == [None]


# ----------------------------------------------------------------- unseen outlets

def test_unseen_outlets_body_f1(unseen_corpus, unseen_gold):
    docs = unseen_corpus.documents
    gold = gold_lines(unseen_gold)
    assert set(gold) == set(docs["doc_id"]) and len(gold) >= 9
    lines = clean.label_lines(docs)
    assert_every_line_once(lines, docs)
    report = []
    for part in ("written before the rules", "held out"):
        subset = {d["doc_id"]: d["lines"] for d in unseen_gold["documents"] if d["set"].startswith(part)}
        s = evaluation.score_lines(lines, subset)
        report.append(f"{part}: {len(subset)} pages, body P {s['precision']:.3f} R {s['recall']:.3f} "
                      f"F1 {s['f1']:.3f}, all labels {s['label_accuracy']:.3f}")
        assert s["f1"] >= 0.90, report[-1]
    s = evaluation.score_lines(lines, gold)
    print("\nunseen outlets:", *report, f"all: body F1 {s['f1']:.3f}", sep="\n  ")
    assert s["f1"] >= 0.90
    texts = clean.clean_texts(lines, docs)
    assert texts["text"].str.len().gt(0).all()
    assert not texts["text"].str.contains(HTML_TAG).any()


# ----------------------------------------------------------------- input checks

@pytest.mark.parametrize("call, message", [
    (lambda: clean.label_lines(pd.DataFrame({"doc_id": ["a"]})), "label_lines: documents lacks column 'text'"),
    (lambda: clean.clean_texts(pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
     "clean_texts: lines lacks columns 'line_no', 'label'"),
    (lambda: clean.titles(pd.DataFrame({"doc_id": ["a"], "label": ["title"], "text": ["x"]})),
     "titles: lines lacks column 'reason'"),
    (lambda: clean.no_body_problems(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame({"doc_id": ["a"]})),
     "no_body_problems: lines lacks column 'label'"),
    (lambda: repeats.repeated_across_pages(pd.DataFrame({"text": ["x"]}), pd.DataFrame({"doc_id": ["a"]})),
     "repeated_across_pages: lines lacks column 'doc_id'"),
    (lambda: evaluation.score_lines(pd.DataFrame({"doc_id": ["a"], "line_no": [1]}), {}),
     "score_lines: lines lacks column 'label'"),
    (lambda: evaluation.compare_with_gold(pd.DataFrame({"doc_id": ["a"], "line_no": [1], "label": ["body"]}), {}),
     "compare_with_gold: lines lacks columns 'reason', 'text'"),
    (lambda: page_lines.page_lines(pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
     "page_lines: docs lacks columns 'outlet', 'title'"),
    (lambda: page_structure.container_lines(pd.DataFrame({"parent": [1]}), np.ones(1, bool), np.ones(1, bool),
                                            np.ones(1, int), pd.Series([1]), pd.Series([0])),
     "container_lines: struct lacks columns 'has', 'tag'"),
])
def test_entry_points_name_a_missing_column(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


# ----------------------------------------------------------------- every data pattern is checked

DATA = ROOT / "analysis" / "data"
#: Keys whose values are words or numbers, not patterns.
NOT_PATTERNS = {"structure", "name", "aliases", "credit_names"}


def _pattern_leaves(node, path=""):
    """``(entry, pattern)`` for every string of a rules file outside NOT_PATTERNS, named as the
    loaders name entries: ``furniture.ad[0]``, ``outlets[Okezone].byline[0]``, ``generic.name_split``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_PATTERNS:
                yield from _pattern_leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, dict) and "name" in value:
                yield from _pattern_leaves(value, f"{path}[{value['name']}]")
            else:
                yield from _pattern_leaves(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def _replace(node, path, value):
    """A copy of ``node`` with the leaf at ``path`` (as named by _pattern_leaves) set to ``value``."""
    out = copy.deepcopy(node)
    target = out
    parts = re.findall(r"[^.\[\]]+|\[[^\]]*\]", path)
    for part in parts[:-1]:
        target = _step(target, part)
    last = parts[-1]
    if last.startswith("["):
        target[int(last[1:-1])] = value
    else:
        target[last] = value
    return out


def _step(node, part):
    if not part.startswith("["):
        return node[part]
    key = part[1:-1]
    if key.isdigit():
        return node[int(key)]
    return next(entry for entry in node if entry.get("name") == key)


def _load_every_rule():
    rules.outlet_profiles.cache_clear()
    rules.metadata_rules.cache_clear()
    cleaning_rules.cache_clear()
    try:
        rules.outlet_profiles()
        rules.metadata_rules()
        cleaning_rules()
    finally:
        rules.outlet_profiles.cache_clear()
        rules.metadata_rules.cache_clear()
        cleaning_rules.cache_clear()


def _files_with_patterns():
    return {"furniture.yaml": rules.load_yaml("furniture.yaml"), "outlets.yaml": rules.load_yaml("outlets.yaml")}


def test_data_files_without_patterns_hold_only_words():
    # the other data files hold word lists (escaped by the code that uses them) and numbers:
    # no regular expression is read from them
    assert {p.name for p in DATA.glob("*.yaml")} - set(_files_with_patterns()) == {
        "actors.yaml", "calendar.yaml", "html.yaml", "language.yaml", "quotes.yaml", "temporal.yaml"}


def test_a_broken_pattern_names_file_entry_and_pattern(monkeypatch):
    original = rules.load_yaml
    broken = _replace(original("furniture.yaml"), "credits.source line[0]", "(sumber|source\\s*:")
    monkeypatch.setattr(rules, "load_yaml", lambda name: broken if name == "furniture.yaml" else original(name))
    with pytest.raises(re2.PatternError) as error:
        _load_every_rule()
    assert str(error.value).startswith(
        "furniture.yaml, entry credits.source line[0]: pattern '(sumber|source\\\\s*:' does not compile (Python re: ")


def test_a_pattern_without_re2_twin_is_refused_when_loaded(monkeypatch):
    original = rules.load_yaml
    broken = _replace(original("outlets.yaml"), "outlets[Okezone].furniture[0]", "^(?=INFO)GRAFIS$")
    monkeypatch.setattr(rules, "load_yaml", lambda name: broken if name == "outlets.yaml" else original(name))
    with pytest.raises(re2.PatternError, match=re.escape(
            "outlets.yaml, entry outlets[Okezone].furniture[0]: pattern '^(?=INFO)GRAFIS$' does not compile (RE2: ")):
        _load_every_rule()


def test_every_pattern_of_the_data_files_is_checked(monkeypatch):
    original = rules.load_yaml
    data = _files_with_patterns()
    leaves = [(file, entry, pattern) for file, tree in data.items() for entry, pattern in _pattern_leaves(tree)]
    assert len(leaves) > 150
    for file, entry, pattern in leaves:
        broken = _replace(data[file], entry, pattern + "(")
        monkeypatch.setattr(rules, "load_yaml", lambda name, f=file, b=broken: b if name == f else original(name))
        with pytest.raises(re2.PatternError) as error:
            _load_every_rule()
        assert str(error.value).startswith(f"{file}, entry {entry}: pattern {pattern + '('!r} does not compile"), (
            entry, str(error.value))
    monkeypatch.setattr(rules, "load_yaml", original)
    _load_every_rule()  # the real files load


def test_repeats_strip_credits_only_where_the_caption_rule_matches(seeds_corpus, unseen_corpus, odd_corpus):
    """in_page_repeats given the caption rule's matches finds the same repeats as when it runs the
    rule over every content line."""
    from analysis.cues import line_cues
    from analysis.page_lines import page_documents, page_lines
    from analysis.re2 import to_arrow

    docs = pd.concat([seeds_corpus.documents, unseen_corpus.documents, odd_corpus.documents], ignore_index=True)
    extra = pd.DataFrame({"doc_id": ["captions"], "text": [
        "Presiden tiba di Tokyo untuk bertemu Perdana Menteri Jepang pada Senin pagi.\nFoto: Reuters\n"
        "Presiden tiba di Tokyo untuk bertemu Perdana Menteri Jepang pada Senin pagi. (Foto: ANTARA/Budi)"]})
    table = page_lines(page_documents(pd.concat([docs[["doc_id", "text"]], extra], ignore_index=True)))
    column, rules = to_arrow(table["plain"]), cleaning_rules()
    content = np.ones(len(table), dtype=bool)
    cues = line_cues(table, column, rules, content)
    assert cues.caption_match.any() and not cues.caption_match.all()
    everywhere = repeats.in_page_repeats(table, column, rules, content, cues.caption)
    matched = repeats.in_page_repeats(table, column, rules, content, cues.caption, cues.caption_match)
    for name in ("duplicate", "dek_of_caption", "reason"):
        pd.testing.assert_series_equal(pd.Series(np.asarray(getattr(everywhere, name))),
                                       pd.Series(np.asarray(getattr(matched, name))), obj=name)
    assert np.asarray(everywhere.duplicate).any() and pd.Series(np.asarray(everywhere.dek_of_caption)).notna().any()


@pytest.mark.parametrize("end", [
    " Hak cipta lagu itu kini dipegang oleh keluarganya. (rin/nds)",  # prose that opens like furniture
    " Ada dua prioritas. (ii) pemulihan ekonomi nasional",          # a numbered item, no initials
])
def test_prose_before_an_articles_glued_end_stays(end):
    page = _page("Korut Kirim Amunisi ke Rusia", f"{LEAD} {PARAGRAPH}{end}")
    texts = clean.clean_texts(clean.label_lines(page), page)
    body = texts["text"].iloc[0]
    assert ("Hak cipta lagu itu" in body) if "Hak cipta" in end else body.endswith("pemulihan ekonomi nasional")


@pytest.mark.parametrize("tail, kept", [
    (",#GrowFearless with FIMELA", ""),                          # a tagline glued on after one comma
    (", Hak cipta lagu itu dipegang keluarganya", ", Hak cipta lagu itu dipegang keluarganya"),  # prose
    (",#SaveKPK kembali menggema di media sosial.", ",#SaveKPK kembali menggema di media sosial."),  # a sentence
])
def test_furniture_glued_after_a_sentences_end_and_one_comma_is_left_out(tail, kept):
    """After one comma that follows a sentence's end (an export's paragraph joint), only what a page
    glues on (navigation, a share call, a promo, a loading mark) is cut, not what prose may open with."""
    page = _page("Korut Kirim Amunisi ke Rusia", f"{LEAD} {PARAGRAPH}{tail}")
    texts = clean.clean_texts(clean.label_lines(page), page)
    assert texts["text"].iloc[0] == f"{LEAD} {PARAGRAPH}{kept}"


@pytest.mark.parametrize("end, kept", [
    (",Sumber asli: ,Disadur dari: , (Penulis Asad Arifin, published 01/09/2019)", ""),  # a credit glued on
    (", (Penulis: Rizki Hidayat/Editor: Aditya Wicaksono)", ""),
    (" Hal itu dikatakan Andi (penulis buku itu).", " Hal itu dikatakan Andi (penulis buku itu)."),  # prose
    (" Novel itu terbit (penulis Dewi Lestari, editor Budi Santoso).",
     " Novel itu terbit (penulis Dewi Lestari, editor Budi Santoso)."),
])
def test_a_credit_in_brackets_glued_onto_a_lines_end_is_left_out(end, kept):
    page = _page("Korut Kirim Amunisi ke Rusia", f"{LEAD} {PARAGRAPH}{end}")
    texts = clean.clean_texts(clean.label_lines(page), page)
    assert texts["text"].iloc[0] == f"{LEAD} {PARAGRAPH}{kept}"
