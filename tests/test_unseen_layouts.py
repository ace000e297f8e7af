"""Classes of pages the seeds do not have: whole-page texts with menus and footers, exports
stored without a title line, hyphens that are not datelines, closing credits, promos
glued onto paragraphs. The pages are written here (no real page text is committed); the
real development set is measured by benchmarks/bench_accuracy.py."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import clean, corpus

P1 = ("Pemerintah Korea Selatan menyatakan pada Senin bahwa Korea Utara telah mengirim lebih dari "
      "satu juta peluru artileri ke Rusia sejak Agustus tahun lalu.")
P2 = ("Menurut seorang pejabat di Seoul, pengiriman itu dilakukan melalui jalur kereta api dan kapal "
      "yang berangkat dari pelabuhan Rajin di pantai timur negara tersebut.")
P3 = ("Pejabat itu mengatakan bahwa sebagai imbalannya Pyongyang menerima bantuan pangan dan teknologi "
      "militer yang selama ini dilarang oleh sanksi Dewan Keamanan PBB.")
P4 = ("Kementerian Luar Negeri Rusia belum memberikan tanggapan atas tuduhan tersebut hingga berita "
      "ini diturunkan pada Senin malam waktu setempat.")

# A crawler's getText() of a saved page: <title> with the site's name, a header with the
# site's "today" date, menus, a login form, a "popular" list with teaser dates and a
# hyphenated teaser ("KTT AS-ASEAN", "Hati-Hati"), the headline, the article, a network
# list of sister sites, a footer.
WHOLE_PAGE = "\n".join([
    "Korut Kirim Sejuta Peluru ke Rusia - Warta Nusantara",
    "Selasa, 9 Januari 2024",
    "WARTANUSANTARA.COM",
    "Beranda", "Nasional", "Internasional", "Ekonomi", "Olahraga",
    "Masuk", "Daftar",
    "Terpopuler",
    "KTT AS-ASEAN Digelar di Jakarta Pekan Depan, Ini Agendanya Lengkap",
    "Senin, 8 Januari 2024 09:10 WIB",
    "Hati-Hati Penipuan Berkedok Undian Berhadiah Mobil Mewah dari Bank",
    "Senin, 8 Januari 2024 11:45 WIB",
    "Internasional",
    "Korut Kirim Sejuta Peluru ke Rusia",
    "Rina Wulandari",
    "Selasa, 9 Januari 2024 14:20 WIB",
    "SEOUL, Warta Nusantara - " + P1,
    P2,
    "Imbalan teknologi",
    P3,
    P4,
    "(rin/ama)",
    "Berita Terkait",
    "Rusia Bantah Terima Senjata dari Pyongyang",
    "Jaringan Kami",
    "kabarsatu.id",
    "beritadua.com",
    "WARTANUSANTARA.COM",
    "Tentang Kami", "Redaksi", "Pedoman Media Siber",
    "Copyright © 2024 WartaNusantara.com. All rights reserved.",
])
WHOLE_BODY = [20, 21, 22, 23, 24]


@pytest.fixture(scope="module")
def whole_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole")
    (folder / "warta.txt").write_text(WHOLE_PAGE, encoding="utf-8")
    return corpus.load(folder)


def test_whole_page_body_is_the_article_run(whole_page):
    lines = whole_page.lines.set_index("line_no")
    assert lines.index[lines["label"].eq("body")].tolist() == WHOLE_BODY
    # the hyphenated teasers are not datelines opening a "body" in the menus
    assert lines.loc[12, "label"] == "boilerplate" and lines.loc[14, "label"] == "boilerplate"
    assert lines.loc[20, "reason"] == "body: opens with dateline 'SEOUL, Warta Nusantara -'"
    assert lines.loc[22, "reason"] == "body: short line between article lines"  # an intertitle
    assert lines.loc[1, "label"] == "title" and lines.loc[17, "label"] == "duplicate"
    assert lines.loc[17, "reason"] == "repeat of the title (line 1)"
    assert lines["reason"].str.len().gt(0).all()


def test_whole_page_metadata(whole_page):
    doc = whole_page.documents.iloc[0]
    assert doc["title"] == "Korut Kirim Sejuta Peluru ke Rusia"
    # the article's own date line, not the site's "today" date nor a teaser's time
    assert doc["published"] == "2024-01-09T14:20:00+07:00" and doc["published_source"] == "text"
    assert doc["outlet"] == "Warta Nusantara"  # the body-opening dateline names it


def test_outlet_from_masthead_and_title_suffix_without_dateline(tmp_path):
    page = WHOLE_PAGE.replace("SEOUL, Warta Nusantara - ", "SEOUL - ")
    (tmp_path / "a.txt").write_text(page, encoding="utf-8")
    (tmp_path / "b.txt").write_text(page.replace("Korut Kirim Sejuta Peluru ke Rusia - Warta Nusantara",
                                                 "Korut Kirim Sejuta Peluru ke Rusia"), encoding="utf-8")
    docs = corpus.load(tmp_path).documents.set_index("doc_id")
    # the site's name after the page title, confirmed by the page itself
    assert docs.loc["a", "outlet"] == "Warta Nusantara"
    # no title suffix: the masthead the page repeats, not a sister site of its network list
    assert docs.loc["b", "outlet"] == "WARTANUSANTARA.COM"
    assert docs.loc["b", "title"] == "Korut Kirim Sejuta Peluru ke Rusia"


def test_export_without_title_line_keeps_every_body_line(tmp_path):
    # a dataset row: the text without its title; an intertitle and a sentence ending in a
    # colon inside the article must not become a title with the lines before them dropped
    text = "\n".join([P1, P2, "Pengiriman lewat laut", "Pejabat itu menjelaskan rinciannya sebagai berikut:", P3, P4])
    path = tmp_path / "export.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"doc_id": "x", "title": "Korut Kirim Peluru ke Rusia", "text": text}) + "\n")
        fh.write(json.dumps({"doc_id": "y", "text": text}) + "\n")
    c = corpus.load(path)
    by = c.lines.set_index(["doc_id", "line_no"])["label"]
    for doc in ("x", "y"):
        assert [by[(doc, n)] for n in range(1, 7)] == ["body"] * 6
    docs = c.documents.set_index("doc_id")
    assert docs.loc["x", "title"] == "Korut Kirim Peluru ke Rusia"  # given as metadata
    assert docs.loc["y", "title"] == ""  # never invented from a line of the article


def test_closing_credits_and_glued_promo():
    text = "\n".join([
        "Korut Kirim Peluru ke Rusia",
        "Baca Juga: Rusia Bantah Terima Senjata dari PyongyangDalam pelaksanaannya, " + P2,
        P3,
        "Artikel ini pertama kali terbit dalam bahasa Inggris di DW.",
        "Diadaptasi oleh Rizki Nugraha",
        "Artikel ini ditulis oleh Budi Santoso.",
        "(***/Jenly Wenur)",
    ])
    lines = clean.label_lines(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    assert lines["label"].tolist() == ["title", "body", "body", "credit", "credit", "credit", "credit"]
    assert lines["reason"].iloc[3] == "credit: translation or authorship notice"


def test_title_is_never_taken_from_furniture():
    text = "\n".join(["SCROLL TO CONTINUE WITH CONTENT", "Share on Google", "Link successfully copied", P1, P2])
    lines = clean.label_lines(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    assert "title" not in set(lines["label"]) and clean.titles(lines).empty
    assert lines["label"].tolist()[-2:] == ["body", "body"]
