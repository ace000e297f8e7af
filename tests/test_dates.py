"""Tests for analysis.dates, the Indonesian temporal tagger.

The seed pages are read straight from ``seeds/*.txt`` and labelled with the
gold line labels, so these tests do not depend on the cleaning module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis import dates
from analysis.dates import grammar, scanner
from analysis.dates import (MENTION_COLUMNS, document_anchors, find_mentions, lookback,
                            parse_timex, timeline)

ROOT = Path(__file__).resolve().parents[1]
GOLD_PATH = ROOT / "tests" / "fixtures" / "seeds_gold.json"


# --------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_lines(gold) -> pd.DataFrame:
    """One row per gold-labelled line of the seed pages (line_no is 1-based)."""
    rows = []
    for doc in gold["documents"]:
        raw = (ROOT / "seeds" / f"{doc['doc_id']}.txt").read_text(encoding="utf-8").split("\n")
        for number, label in doc["lines"].items():
            rows.append((doc["doc_id"], int(number), label, raw[int(number) - 1]))
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "label", "text"])


@pytest.fixture(scope="module")
def seed_documents(gold) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [d["doc_id"] for d in gold["documents"]],
        "published": [d["published"] or "" for d in gold["documents"]],
        "outlet": [d["outlet"] or "" for d in gold["documents"]],
    })


@pytest.fixture(scope="module")
def seed_mentions(seed_lines, seed_documents) -> pd.DataFrame:
    return find_mentions(seed_lines, seed_documents)


def frames(text: str | list[str], published: str = "2024-01-10T11:25:00+07:00",
           label: str = "body") -> tuple[pd.DataFrame, pd.DataFrame]:
    """A one-document corpus whose lines are ``text``."""
    texts = [text] if isinstance(text, str) else text
    lines = pd.DataFrame({"doc_id": "d", "line_no": range(1, len(texts) + 1),
                          "label": label, "text": texts})
    documents = pd.DataFrame({"doc_id": ["d"], "published": [published], "outlet": ["Tempo.co"]})
    return lines, documents


def tag(text: str, anchor: str = "2024-01-10", **kwargs) -> list[tuple[str, str]]:
    """(text, value) of each mention found in ``text`` published on ``anchor``."""
    mentions = find_mentions(*frames(text, anchor), **kwargs)
    return list(zip(mentions["text"], mentions["value"]))


def one(text: str, anchor: str = "2024-01-10") -> pd.Series:
    """The single mention in ``text``."""
    mentions = find_mentions(*frames(text, anchor))
    assert len(mentions) == 1, mentions[["text", "value"]]
    return mentions.iloc[0]


def scores(found: set, expected: set) -> tuple[float, float, float]:
    true_positives = len(found & expected)
    precision = true_positives / len(found) if found else 1.0
    recall = true_positives / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --------------------------------------------------------------------------
# Gold seeds
# --------------------------------------------------------------------------

def test_seed_gold_f1(gold, seed_mentions):
    """A mention matches when doc_id, value and (case-folded) text agree."""
    def key(doc_id, text, value):
        return doc_id, text.casefold(), value

    expected, optional = set(), set()
    for doc in gold["documents"]:
        for mention in doc["date_mentions"]:
            target = optional if mention.get("optional") else expected
            target.add(key(doc["doc_id"], mention["text"], mention["value"]))
    columns = seed_mentions[["doc_id", "text", "value"]]
    found = {key(*row) for row in columns.itertuples(index=False)}
    precision, recall, f1 = scores(found - optional, expected)
    print(f"seeds: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
    assert f1 >= 0.95, (sorted(expected - found), sorted(found - optional - expected))


def test_seed_gold_lines_granularity_and_modifier(gold, seed_mentions):
    """Beyond the F1 key: line, granularity and modifier agree with the gold too."""
    by_key = seed_mentions.set_index(["doc_id", "line_no", "value"])
    for doc in gold["documents"]:
        for mention in doc["date_mentions"]:
            if mention.get("optional"):
                continue
            row = by_key.loc[(doc["doc_id"], mention["line"], mention["value"])]
            row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
            assert row["granularity"] == mention["granularity"], mention
            assert row["modifier"] == mention.get("modifier", ""), mention


def test_seed_captions_are_found_when_scanned(seed_lines, seed_documents):
    mentions = find_mentions(seed_lines, seed_documents, labels=("body", "caption"))
    captions = mentions.merge(seed_lines.drop(columns="text"), on=["doc_id", "line_no"])
    captions = captions[captions["label"] == "caption"]
    assert set(zip(captions["text"], captions["value"])) == {
        ("27 Juli 2023", "2023-07-27"),
        ("awal pekan ini", "2024-W02"),
        ("6 Januari 2024", "2024-01-06"),
    }


def test_seed_mentions_only_in_body_lines(seed_lines, seed_mentions):
    labels = seed_mentions.merge(seed_lines.drop(columns="text"), on=["doc_id", "line_no"])["label"]
    assert set(labels) == {"body"}
    # the Tempo page's boilerplate has "3 jam lalu", "1 hari lalu", "74 Tahun Lalu"
    tempo = seed_mentions[seed_mentions["doc_id"] == "004_cbaadc0d4181c91b"]
    assert tempo["line_no"].max() <= 33


def test_seed_anchors(seed_lines, seed_documents):
    anchors = document_anchors(seed_lines, seed_documents).set_index("doc_id")
    assert anchors.loc["000_5a3c5d81fc76b85b"].tolist() == ["2023-07-27", "latest_date_in_text"]
    assert anchors.loc["002_232fd3ee54a89291"].tolist() == ["2023-09-23", "latest_date_in_text"]
    assert anchors.loc["001_4ce3aef62b4e11e4"].tolist() == ["2023-10-27", "published"]
    assert anchors.loc["004_cbaadc0d4181c91b"].tolist() == ["2024-01-10", "published"]


# --------------------------------------------------------------------------
# Output contract
# --------------------------------------------------------------------------

def test_columns_and_order(seed_mentions):
    assert list(seed_mentions.columns) == MENTION_COLUMNS
    ordered = seed_mentions.sort_values(["doc_id", "line_no"], kind="stable")
    assert seed_mentions.index.equals(ordered.index)
    assert set(seed_mentions["kind"]) <= {"absolute", "partial", "relative", "weekday", "range"}
    assert set(seed_mentions["granularity"]) <= {"day", "week", "month", "year"}
    assert set(seed_mentions["modifier"]) <= {"", "START", "MID", "END"}


def test_mentions_within_a_line_follow_the_text():
    texts = find_mentions(*frames("Pekan lalu, pada 2 Januari 2024 dan kemarin."))["text"]
    assert texts.tolist() == ["Pekan lalu", "2 Januari 2024", "kemarin"]


def test_empty_input_gives_empty_frame_with_columns():
    lines = pd.DataFrame({"doc_id": pd.Series(dtype=str), "line_no": pd.Series(dtype=int),
                          "label": pd.Series(dtype=str), "text": pd.Series(dtype=str)})
    documents = pd.DataFrame({"doc_id": pd.Series(dtype=str), "published": pd.Series(dtype=str)})
    for result in (find_mentions(lines, documents),
                   find_mentions(*frames("Tidak ada tanggal di sini."))):
        assert result.empty and list(result.columns) == MENTION_COLUMNS
    empty = find_mentions(lines, documents)
    assert timeline(empty, documents).empty and lookback(empty, documents).empty


def test_context_is_a_collapsed_window_around_the_mention():
    text = "x" * 100 + "  pada\t2 Januari 2024  " + "y" * 100
    row = one(text)
    # 60 characters either side: 53 x + "  pada\t" before, "  " + 58 y after
    assert row["context"] == "x" * 53 + " pada 2 Januari 2024 " + "y" * 58
    assert "  " not in row["context"] and "\t" not in row["context"]


def test_batches_give_the_same_mentions_as_single_documents(seed_lines, seed_documents,
                                                           seed_mentions):
    """Any batch of documents works: per-document runs add up to the batch run."""
    parts = [find_mentions(seed_lines[seed_lines["doc_id"] == doc_id],
                           seed_documents[seed_documents["doc_id"] == doc_id])
             for doc_id in seed_documents["doc_id"]]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), seed_mentions)


def test_unsorted_lines_give_sorted_mentions(seed_lines, seed_documents, seed_mentions):
    shuffled = seed_lines.sample(frac=1, random_state=7)
    pd.testing.assert_frame_equal(find_mentions(shuffled, seed_documents), seed_mentions)


def test_mentions_never_cross_lines():
    lines, documents = frames(["serangan pada 25", "Oktober 2023 lalu", "x\x00pekan lalu"])
    assert find_mentions(lines, documents)[["line_no", "text"]].values.tolist() == [
        [2, "Oktober 2023"], [3, "pekan lalu"]]


def test_upper_case_text_and_missing_label_column():
    lines, documents = frames("PADA 25 OKTOBER 2023 DAN PEKAN LALU")
    assert tag("PADA 25 OKTOBER 2023 DAN PEKAN LALU") == [
        ("25 OKTOBER 2023", "2023-10-25"), ("PEKAN LALU", "2024-W01")]
    assert len(find_mentions(lines.drop(columns="label"), documents)) == 2  # read as body


def test_object_and_integer_doc_ids():
    lines, documents = frames("pekan lalu")
    for doc_id in ("d", 7):
        found = find_mentions(lines.astype({"doc_id": object}).assign(doc_id=doc_id),
                              documents.astype({"doc_id": object}).assign(doc_id=doc_id))
        assert found[["doc_id", "value"]].values.tolist() == [[doc_id, "2024-W01"]]


def test_input_frames_are_not_modified():
    lines, documents = frames("pekan lalu")
    before = lines.copy(), documents.copy()
    find_mentions(lines, documents)
    pd.testing.assert_frame_equal(lines, before[0])
    pd.testing.assert_frame_equal(documents, before[1])


# --------------------------------------------------------------------------
# Absolute, partial and month/year mentions
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text, mention, value, granularity, kind", [
    ("pada 27 Oktober 2023 lalu", "27 Oktober 2023", "2023-10-27", "day", "absolute"),
    ("pada 27 Okt 2023", "27 Okt 2023", "2023-10-27", "day", "absolute"),
    ("pada 27 Okt. 2023", "27 Okt. 2023", "2023-10-27", "day", "absolute"),
    ("pada 23/9/2023.", "23/9/2023", "2023-09-23", "day", "absolute"),
    ("pada 12/10/2023", "12/10/2023", "2023-10-12", "day", "absolute"),
    ("dirilis 2023-09-23.", "2023-09-23", "2023-09-23", "day", "absolute"),
    ("pada Sabtu (23/9/2023).", "Sabtu (23/9/2023)", "2023-09-23", "day", "absolute"),
    ("pada Kamis (12/10/2023) malam", "Kamis (12/10/2023)", "2023-10-12", "day", "absolute"),
    ("bunyi pernyataan, Selasa, 9 Januari 2024.", "Selasa, 9 Januari 2024", "2024-01-09", "day",
     "absolute"),
    ("kata dia, Jumat,25 Oktober 2019.", "Jumat,25 Oktober 2019", "2019-10-25", "day", "absolute"),
    ("kata dia, Minggu (15/9/19).", "Minggu (15/9/19)", "2019-09-15", "day", "absolute"),
    ("pada September 2023", "September 2023", "2023-09", "month", "absolute"),
    ("pada bulan Juli 2023.", "bulan Juli 2023", "2023-07", "month", "absolute"),
    ("terjadi pada 2006.", "2006", "2006", "year", "absolute"),
    ("pada tahun 2022 itu", "tahun 2022", "2022", "year", "absolute"),
    ("sejak 2019 berlaku", "2019", "2019", "year", "absolute"),
    ("jadwal 12-17 September 2023 di", "12-17 September 2023", "2023-09-12/2023-09-17", "day",
     "range"),
    ("pada 30 September - 2 Oktober 2023", "30 September - 2 Oktober 2023",
     "2023-09-30/2023-10-02", "day", "range"),
    ("tanggal 12 hingga 17 September 2023", "tanggal 12 hingga 17 September 2023",
     "2023-09-12/2023-09-17", "day", "range"),
    ("periode Januari-Maret 2023", "Januari-Maret 2023", "2023-01/2023-03", "month", "range"),
    ("sejak 2019 hingga 2021", "2019 hingga 2021", "2019/2021", "year", "range"),
])
def test_calendar_mentions(text, mention, value, granularity, kind):
    row = one(text)
    assert (row["text"], row["value"], row["granularity"], row["kind"]) == (
        mention, value, granularity, kind)


@pytest.mark.parametrize("text, anchor, mention, value", [
    ("pada tanggal 25 Oktober yang", "2023-10-27", "tanggal 25 Oktober", "2023-10-25"),
    ("pada 25 Oktober,", "2023-07-27", "25 Oktober", "2023-10-25"),
    ("Senin (11/9) malam", "2023-09-14", "Senin (11/9)", "2023-09-11"),
    ("pada Kamis (12/10)", "2023-10-13", "Kamis (12/10)", "2023-10-12"),
    ("pada Rabu (18 September),", "2019-09-20", "Rabu (18 September)", "2019-09-18"),
    ("(Rabu, 10/9) saya menjenguk", "2019-09-12", "Rabu, 10/9", "2019-09-10"),
    ("pada bulan September.", "2023-07-27", "bulan September", "2023-09"),
    ("sejak Oktober", "2024-01-10", "Oktober", "2023-10"),
    ("pada 25 Oktober lalu", "2023-10-20", "25 Oktober lalu", "2022-10-25"),
    ("pada 3 Oktober mendatang", "2023-10-20", "3 Oktober mendatang", "2024-10-03"),
    ("Oktober tahun lalu", "2024-01-10", "Oktober tahun lalu", "2023-10"),
    ("jadwal 12-17 September", "2023-08-01", "12-17 September", "2023-09-12/2023-09-17"),
    ("30 Desember - 2 Januari", "2024-01-10", "30 Desember - 2 Januari", "2023-12-30/2024-01-02"),
])
def test_partial_mentions_take_the_year_from_the_anchor(text, anchor, mention, value):
    row = one(text, anchor)
    assert (row["text"], row["value"]) == (mention, value)
    assert row["kind"] in ("partial", "range")


def test_year_less_date_near_year_boundary():
    assert tag("serangan 30 Desember", "2024-01-10") == [("30 Desember", "2023-12-30")]
    assert tag("pada 2 Januari", "2023-12-28") == [("2 Januari", "2024-01-02")]


def test_year_less_month_tie_goes_to_the_past():
    # July 2023 ends 168 days before 2024-01-15; July 2024 starts 168 days after it
    assert tag("pada bulan Juli", "2024-01-15") == [("bulan Juli", "2023-07")]


@pytest.mark.parametrize("text, mention, value, modifier", [
    ("pada awal Oktober", "awal Oktober", "2023-10", "START"),
    ("pertengahan Oktober", "pertengahan Oktober", "2023-10", "MID"),
    ("akhir 2023", "akhir 2023", "2023", "END"),
    ("pada awal tahun 2022.", "awal tahun 2022", "2022", "START"),
    ("Awal bulan ini, Gedung Putih", "Awal bulan ini", "2024-01", "START"),
    ("awal pekan ini", "awal pekan ini", "2024-W02", "START"),
    ("akhir pekan lalu", "akhir pekan lalu", "2024-W01", "END"),
    ("akhir tahun ini", "akhir tahun ini", "2024", "END"),
])
def test_modifiers(text, mention, value, modifier):
    row = one(text, "2024-01-10")
    assert (row["text"], row["value"], row["modifier"]) == (mention, value, modifier)


def test_invalid_dates_are_dropped():
    assert tag("pada 31 Februari 2023 dan 31/4/2023 dan 30 Februari") == []
    assert tag("pada 29 Februari 2024") == [("29 Februari 2024", "2024-02-29")]


# --------------------------------------------------------------------------
# Relative mentions and day names
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text, anchor, mention, value", [
    ("kemarin", "2024-01-10", "kemarin", "2024-01-09"),
    ("hari ini", "2024-01-10", "hari ini", "2024-01-10"),
    ("pada hari ini", "2024-01-10", "pada hari ini", "2024-01-10"),
    ("besok", "2024-01-10", "besok", "2024-01-11"),
    ("lusa", "2024-01-10", "lusa", "2024-01-12"),
    ("kemarin lusa", "2024-01-10", "kemarin lusa", "2024-01-08"),
    ("pekan lalu", "2023-10-27", "pekan lalu", "2023-W42"),
    ("minggu lalu", "2023-10-27", "minggu lalu", "2023-W42"),
    ("Minggu lalu", "2023-10-27", "Minggu lalu", "2023-W42"),
    ("sepekan lalu", "2023-10-27", "sepekan lalu", "2023-W42"),
    ("pekan ini", "2023-10-27", "pekan ini", "2023-W43"),
    ("pekan depan", "2023-10-27", "pekan depan", "2023-W44"),
    ("dua pekan lalu", "2023-10-27", "dua pekan lalu", "2023-W41"),
    ("bulan lalu", "2024-01-10", "bulan lalu", "2023-12"),
    ("bulan ini", "2024-01-10", "bulan ini", "2024-01"),
    ("bulan depan", "2024-12-10", "bulan depan", "2025-01"),
    ("tahun lalu", "2023-08-31", "tahun lalu", "2022"),
    ("Pada tahun lalu Amerika", "2023-08-31", "Pada tahun lalu", "2022"),
    ("tahun ini", "2023-08-31", "tahun ini", "2023"),
    ("tahun depan", "2023-08-31", "tahun depan", "2024"),
    ("dua hari lalu", "2024-01-10", "dua hari lalu", "2024-01-08"),
    ("3 hari yang lalu", "2024-01-02", "3 hari yang lalu", "2023-12-30"),
    ("sepuluh hari lalu", "2024-01-10", "sepuluh hari lalu", "2023-12-31"),
    ("tiga bulan lalu", "2024-01-10", "tiga bulan lalu", "2023-10"),
    ("tiga tahun lalu", "2024-01-10", "tiga tahun lalu", "2021"),
    ("5 tahun silam", "2024-01-10", "5 tahun silam", "2019"),
    ("dua hari lagi", "2024-01-10", "dua hari lagi", "2024-01-12"),
])
def test_relative_mentions(text, anchor, mention, value):
    row = one(text, anchor)
    assert (row["text"], row["value"], row["kind"]) == (mention, value, "relative")


def test_iso_weeks_across_the_year_boundary():
    assert tag("pekan lalu", "2024-01-03") == [("pekan lalu", "2023-W52")]
    assert tag("pekan ini", "2021-01-02") == [("pekan ini", "2020-W53")]
    assert tag("pekan depan", "2024-12-26") == [("pekan depan", "2025-W01")]


@pytest.mark.parametrize("text, anchor, mention, value", [
    ("pada hari Jumat,", "2023-09-23", "pada hari Jumat", "2023-09-22"),
    ("pada hari Rabu mengatakan", "2023-09-23", "pada hari Rabu", "2023-09-20"),
    ("pada hari Selasa mengatakan", "2024-01-10", "pada hari Selasa", "2024-01-09"),
    ("pada hari Rabu ini", "2024-01-10", "pada hari Rabu ini", "2024-01-10"),
    ("pada hari Rabu", "2024-01-10", "pada hari Rabu", "2024-01-10"),
    ("Selasa lalu", "2024-01-10", "Selasa lalu", "2024-01-09"),
    ("Rabu lalu", "2024-01-10", "Rabu lalu", "2024-01-03"),
    ("Jumat ini", "2024-01-10", "Jumat ini", "2024-01-12"),
    ("Jumat depan", "2024-01-10", "Jumat depan", "2024-01-12"),
    ("Senin mendatang", "2024-01-10", "Senin mendatang", "2024-01-15"),
    ("Kamis besok", "2024-01-10", "Kamis besok", "2024-01-11"),
    ("Senin pekan lalu", "2024-01-10", "Senin pekan lalu", "2024-01-01"),
    ("Minggu malam ia tiba", "2024-01-10", "Minggu", "2024-01-07"),
    ("tiba di Jakarta, Minggu.", "2023-10-18", "Minggu", "2023-10-15"),
    ("pada hari Minggu", "2023-10-18", "pada hari Minggu", "2023-10-15"),
    ("ia tiba pada Minggu (15/10).", "2023-10-18", "Minggu (15/10)", "2023-10-15"),
])
def test_day_names(text, anchor, mention, value):
    row = one(text, anchor)
    assert (row["text"], row["value"], row["granularity"]) == (mention, value, "day")


def test_minggu_as_week_and_as_sunday():
    found = tag("Minggu lalu ia tiba; minggu ini dan pada Minggu (15/10).", "2023-10-18")
    assert found == [("Minggu lalu", "2023-W41"), ("minggu ini", "2023-W42"),
                     ("Minggu (15/10)", "2023-10-15")]


# --------------------------------------------------------------------------
# Not dates
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "mengirim lebih dari 1.000 kontainer peralatan militer",
    "dalam rangka peringatan 70 Perang Korea",
    "hampir 40 negara mitra lainnya",
    "Formula 1 pertama di Sirkuit Silverstone",
    "melanggar resolusi 1718 Dewan Keamanan",
    "Jakarta |17:33 WIB",
    "pukul 10.15 WIB",
    "3 jam lalu",
    "beberapa hari lalu dan beberapa tahun lalu",
    "puluhan tahun lalu",
    "beberapa waktu yang lalu",
    "kunjungan selama seminggu ke Rusia",
    "Pada saat ini Korea Utara",
    "menewaskan dua orang dan melukai lebih dari 60 orang",
    "pria berusia 41 tahun ini",
    "sebanyak 2020 unit, sejak 1990-an",
    "UU Nomor 30 Tahun 2002 tentang KPK",
    "usai salat Jumat dan setiap Senin",
    "jadwal Senin-Jumat",
    "dalam rabu dan kamis kecil",
    "Juli dan Oktober adalah bulan",
    "skor 1,25 Oktober",
    "pada Jan Ethes",
])
def test_not_dates(text):
    assert tag(text) == []


@pytest.mark.parametrize("label", ["title", "dek", "byline", "dateline", "caption",
                                   "duplicate", "credit", "boilerplate"])
def test_only_body_lines_are_scanned_by_default(label):
    lines, documents = frames(["1 hari lalu", "Rabu, 10 Januari 2024 11:25 WIB"], label=label)
    assert find_mentions(lines, documents).empty
    assert len(find_mentions(lines, documents, labels=(label,))) == 2
    assert len(find_mentions(lines, documents, labels=None)) == 2


# --------------------------------------------------------------------------
# Anchors
# --------------------------------------------------------------------------

def test_anchor_from_published_is_its_local_date():
    row = one("kemarin", "2023-10-27T00:30:00+07:00")
    assert (row["anchor"], row["anchor_source"], row["value"]) == (
        "2023-10-27", "published", "2023-10-26")


def test_anchor_from_latest_full_date_in_content_lines():
    lines = pd.DataFrame({
        "doc_id": "d", "line_no": [1, 2, 3, 4],
        "label": ["caption", "body", "body", "boilerplate"],
        "text": ["Foto 2 Januari 2024.", "Sejak 30 Desember 2023, lalu 5 Januari.",
                 "Ia datang kemarin.", "Berita 9 Februari 2024"],
    })
    documents = pd.DataFrame({"doc_id": ["d"], "published": [""]})
    anchors = document_anchors(lines, documents)
    assert anchors.to_dict("records") == [
        {"doc_id": "d", "anchor": "2024-01-02", "anchor_source": "latest_date_in_text"}]
    mentions = find_mentions(lines, documents)
    assert mentions["value"].tolist() == ["2023-12-30", "2024-01-05", "2024-01-01"]
    assert set(mentions["anchor"]) == {"2024-01-02"}


def test_without_anchor_relative_mentions_keep_an_empty_value():
    lines, documents = frames("Ia datang kemarin, pekan lalu, pada 25 Oktober dan tahun 2020.",
                              published="")
    mentions = find_mentions(lines, documents)
    assert mentions[["text", "value", "kind"]].values.tolist() == [
        ["kemarin", "", "relative"], ["pekan lalu", "", "relative"],
        ["25 Oktober", "", "partial"], ["tahun 2020", "2020", "absolute"]]
    assert set(mentions["anchor_source"]) == {"none"} and set(mentions["anchor"]) == {""}


def test_anchors_cover_documents_without_lines():
    lines, _ = frames("pekan lalu")
    documents = pd.DataFrame({"doc_id": ["d", "e"], "published": ["2024-01-10", None]})
    anchors = document_anchors(lines, documents)
    assert anchors.values.tolist() == [["d", "2024-01-10", "published"], ["e", "", "none"]]


# --------------------------------------------------------------------------
# timeline, lookback, parse_timex
# --------------------------------------------------------------------------

def test_timeline(seed_mentions, seed_documents):
    table = timeline(seed_mentions, seed_documents)
    assert list(table.columns) == ["value", "granularity", "documents", "mentions",
                                   "first_published", "outlets"]
    assert table["value"].tolist() == sorted(table["value"])
    week = table.set_index("value").loc["2023-W42"]
    assert (week["documents"], week["mentions"], week["first_published"], week["outlets"]) == (
        1, 1, "2023-10-27", "Okezone")
    day = table.set_index("value").loc["2023-10-25"]
    assert (day["documents"], day["mentions"], day["first_published"], day["outlets"]) == (
        1, 3, "", "Bisnis.com")
    assert table["mentions"].sum() == (seed_mentions["value"] != "").sum()


def test_timeline_joins_outlets_and_takes_earliest_publication():
    mentions = pd.DataFrame({"doc_id": ["a", "b", "c", "c"], "value": ["2023", "2023", "2023", ""],
                             "granularity": ["year"] * 4})
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["Tempo.co", "", "Kompas"],
                              "published": ["2023-10-27T17:33:00+07:00", "2023-08-31", ""]})
    row = timeline(mentions, documents).iloc[0]
    assert row.tolist() == ["2023", "year", 3, 3, "2023-08-31", "Kompas; Tempo.co"]


def test_lookback(seed_mentions, seed_documents):
    table = lookback(seed_mentions, seed_documents)
    assert list(table.columns) == ["doc_id", "outlet", "value", "granularity", "anchor",
                                   "days_back"]
    by_value = table.groupby(["doc_id", "value"])["days_back"].first()
    assert by_value[("001_4ce3aef62b4e11e4", "2023-W42")] == 11   # Mon 16 Oct -> Fri 27 Oct
    assert by_value[("000_5a3c5d81fc76b85b", "2023-10-25")] == -90  # after the text anchor
    assert by_value[("004_cbaadc0d4181c91b", "2006")] == (dt.date(2024, 1, 10)
                                                          - dt.date(2006, 1, 1)).days
    assert table["outlet"].iloc[0] == "Bisnis.com"


@pytest.mark.parametrize("value, start, end", [
    ("2023-10-27", dt.date(2023, 10, 27), dt.date(2023, 10, 27)),
    ("2023-W42", dt.date(2023, 10, 16), dt.date(2023, 10, 22)),
    ("2020-W53", dt.date(2020, 12, 28), dt.date(2021, 1, 3)),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2023-12", dt.date(2023, 12, 1), dt.date(2023, 12, 31)),
    ("2006", dt.date(2006, 1, 1), dt.date(2006, 12, 31)),
    ("2023-12-30/2024-01-02", dt.date(2023, 12, 30), dt.date(2024, 1, 2)),
    ("2019/2021", dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
])
def test_parse_timex(value, start, end):
    assert parse_timex(value) == (start, end)


@pytest.mark.parametrize("value", ["", "2023-13", "kemarin", "2023-W7", "23/9/2023"])
def test_parse_timex_rejects_non_values(value):
    with pytest.raises(ValueError):
        parse_timex(value)


def test_every_value_parses(seed_lines, seed_documents):
    mentions = find_mentions(seed_lines, seed_documents, labels=None)
    for value in mentions["value"][mentions["value"] != ""]:
        parse_timex(value)


# --------------------------------------------------------------------------
# Rules as data, docs
# --------------------------------------------------------------------------

def test_calendar_yaml_keeps_the_shared_keys():
    calendar = yaml.safe_load((ROOT / "analysis" / "data" / "calendar.yaml").read_text("utf-8"))
    assert {"months", "weekdays", "timezones"} <= set(calendar)
    assert calendar["months"]["oktober"] == 10 and calendar["weekdays"]["rabu"] == 3


def test_word_lists_come_from_yaml():
    vocabulary, _ = grammar.compiled()
    temporal = yaml.safe_load((ROOT / "analysis" / "data" / "temporal.yaml").read_text("utf-8"))
    assert vocabulary.modifiers == temporal["modifiers"]
    assert vocabulary.number_words["sepuluh"] == 10
    assert "may" not in vocabulary.months and "sun" not in vocabulary.weekdays


def test_docstring_examples():
    from analysis.dates import expressions, mentions, resolve, summaries
    attempted = 0
    for module in (dates, expressions, grammar, scanner, resolve, mentions, summaries):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 6


# --------------------------------------------------------------------------
# Fast scanning gives the same mentions as the plain regex
# --------------------------------------------------------------------------

# Lines that stress the prefilter, the dispatch by first characters and the
# case folding: spacing, capitals, Unicode digits and spaces, NUL characters,
# words that begin like a first word ("pertemuan", "sebelum", "seperti").
TRICKY_LINES = [
    "Pada  Hari Rabu ini, pada\thari Kamis dan pada\u00a0hari Jumat lalu.",
    "PADA HARI SENIN 9 JANUARI 2024, sebelum pertemuan awal tahun 2022 seperti biasa.",
    "Sebelumnya satu orang, dua belas hari lalu, ٣ hari lalu dan ２０２３ orang; sepeda Padang.",
    "Serangan 30 Desember – 2 Januari 2024 dan 12—17 September 2023 s/d akhir pekan lalu.",
    "tgl. 5 Mei 2023 | No. 12 Tahun 2020 | UU Nomor 30 Tahun 2002 | 1990-an | 2020% | 40 negara",
    "Jum’at (5/1) dan Jum'at 5/1/2024, salat Jumat, setiap Senin; di Jakarta, Minggu.",
    "Minggu malam, minggu lalu, Minggu (15/10), hari Minggu, sehari, sepekan lalu, 3 bulan lagi",
    "kemarin lusa\x00pagi ini\x00esok hari, tadi pagi; hari-hari, Senin-Jumat, 2023-09-23.",
    "pada\n\nhari\u2003Selasa 23/9/2023; Sabtu (14/9/19); Senin (11/9); Kamis malam 12 September",
    "sejak 2019 hingga 2021, pada 2006, pertengahan Oktober, Oktober tahun lalu, awal bulan ini",
    "Lima hari lalu, enam  pekan lalu, empat orang, satunya, sebelas tahun silam, dua\u2003bulan"
    " lagi, Malam ini, malam itu, tadi pagi, pagi hari, Hari Ini, esok hari, sehari sebelumnya",
]


def _reference_tagger() -> scanner.Tagger:
    """The tagger with its shortcuts off: the whole grammar tried at every position."""
    _, tagger = grammar.compiled()

    class EveryPosition:
        @staticmethod
        def positions(text):
            return np.arange(max(len(text) - 1, 0)), np.zeros(max(len(text) - 1, 0), np.int32)

    every = max(tagger.matchers)
    assert tagger.matchers[every].regex is tagger.regex
    return dataclasses.replace(tagger, dispatch=np.full(1, every, dtype=np.uint32),
                               starts=EveryPosition())


@pytest.fixture(scope="module")
def tricky_corpus(seed_lines, seed_documents):
    lines = pd.concat([seed_lines, pd.DataFrame({
        "doc_id": "tricky", "line_no": range(1, len(TRICKY_LINES) + 1), "label": "body",
        "text": TRICKY_LINES})], ignore_index=True)
    documents = pd.concat([seed_documents, pd.DataFrame({
        "doc_id": ["tricky"], "published": [""], "outlet": [""]})], ignore_index=True)
    return lines, documents


@pytest.mark.parametrize("compile_from", [0, 5, 10**9])  # each mask's own alternation; some; every rule's
@pytest.mark.parametrize("labels", [("body",), None])
def test_fast_scan_matches_the_plain_regex(tricky_corpus, monkeypatch, labels, compile_from):
    lines, documents = tricky_corpus
    vocabulary = grammar.Vocabulary.load()
    fresh = grammar.build_tagger(vocabulary)  # no mask's alternation compiled yet, but every rule's
    monkeypatch.setattr(grammar, "compiled", lambda: (vocabulary, fresh))
    compiled, real = [], re.compile
    monkeypatch.setattr(re, "compile", lambda pattern, flags=0: compiled.append(pattern) or real(pattern, flags))
    monkeypatch.setattr(scanner, "COMPILE_FROM", compile_from)
    fast = find_mentions(lines, documents, labels=labels)
    again = find_mentions(lines, documents, labels=labels)  # with the masks compiled by the first scan
    gate = fresh.regex.pattern.split("(?:(?P<skip>")[0]
    assert any(p.startswith(gate) for p in compiled) == (compile_from < 10**9)  # a mask's own alternation
    pd.testing.assert_frame_equal(fast, again)
    reference = grammar.compiled()[0], _reference_tagger()
    monkeypatch.setattr(grammar, "compiled", lambda: reference)
    plain = find_mentions(lines, documents, labels=labels)
    pd.testing.assert_frame_equal(fast, plain)
    assert len(fast) > 40


def test_scanning_in_small_chunks_changes_nothing(tricky_corpus, monkeypatch):
    lines, documents = tricky_corpus
    undated = documents.assign(published="")
    whole = find_mentions(lines, documents, labels=None), document_anchors(lines, undated)
    monkeypatch.setattr(scanner, "SCAN_CHARS", 50)  # about one line per chunk
    pd.testing.assert_frame_equal(find_mentions(lines, documents, labels=None), whole[0])
    pd.testing.assert_frame_equal(document_anchors(lines, undated), whole[1])


def test_prefilter_keeps_every_gate_position(seed_lines):
    """_Starts may keep extra positions, never drop one where the gate matches."""
    _, tagger = grammar.compiled()
    gate = re.compile(tagger.regex.pattern.split("(?:(?P<skip>")[0])
    text = scanner.fold("\x00" + "\x00".join([*seed_lines["text"], *TRICKY_LINES]))
    kept, _ = tagger.starts.positions(text)
    needed = [m.start() for m in gate.finditer(text)]
    assert set(needed) <= set(kept.tolist())
    assert len(kept) < len(text) // 20  # and it does filter


def test_dispatch_keeps_every_rule_that_matches(seed_lines):
    _, tagger = grammar.compiled()
    names = list(tagger.slots)
    text = scanner.fold("\x00" + "\x00".join([*seed_lines["text"], *TRICKY_LINES]))
    positions, keys = tagger.starts.positions(text)
    for position, key in zip(positions.tolist(), keys.tolist()):
        m = tagger.regex.match(text, position)
        if m is not None:
            assert tagger.dispatch[key] >> names.index(m.lastgroup) & 1, text[position:m.end()]
