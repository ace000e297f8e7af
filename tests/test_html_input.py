"""Saved HTML pages and WARC files as input: lines, charsets, the page's own metadata over the
text, mixed folders, WARC records, problems naming every file and record, the whole report.

The pages are written for these tests (tests/fixtures/html/ and below); WARC files are built
here with warcio.
"""

import gzip
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from analysis import corpus
from analysis.readers.html import page_lines, parse_html, read_html
from analysis.readers.page_tags import page_metadata, tag_date
from analysis.readers.warc import uri_doc_id

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "fixtures" / "html"

PROSE = ("Pemerintah kota mengatakan bahwa pembangunan jalan baru itu akan selesai pada akhir tahun ini "
         "dan diharapkan bisa mengurangi kemacetan yang selama ini dikeluhkan oleh warga di daerah tersebut.")
MORE = ("Menurut dia, proyek tersebut dibiayai oleh anggaran daerah dan pinjaman dari bank milik negara, "
        "sehingga tidak ada pungutan baru yang dibebankan kepada para pengguna jalan.")


def page(head: str = "", body: str = "", title: str = "Jalan Baru Dibuka Akhir Tahun") -> str:
    """A small article page: ``head`` tags, a menu, the headline, ``body`` before two paragraphs."""
    return (f"<html><head><meta charset='utf-8'><title>{title} - Kabar Kota</title>{head}</head><body>"
            "<nav><ul><li><a href='/'>Beranda</a></li><li><a href='/kota'>Kota</a></li></ul></nav>"
            f"<article><h1>{title}</h1>{body}<p>{PROSE}</p><p>{MORE}</p></article>"
            "<footer><p>Hak cipta 2024 Kabar Kota</p></footer></body></html>")


def load_pages(folder: Path, pages: dict) -> corpus.Corpus:
    folder.mkdir(exist_ok=True)
    for name, content in pages.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return corpus.load(folder)


def messages(c: corpus.Corpus, doc_id: str) -> str:
    return " | ".join(c.problems.loc[c.problems["doc_id"].eq(doc_id), "message"])


# --------------------------------------------------------------------------- reading HTML

def test_one_line_per_block_with_the_title_first_and_scripts_styles_comments_dropped():
    found = read_html((PAGES / "warta_pelabuhan.html").read_bytes(), "warta_pelabuhan.html")
    lines = found.text.split("\n")
    assert lines[0] == "Pelabuhan Tanjung Emas Tambah Dua Dermaga Baru | Warta Pesisir"
    assert lines[2:6] == ["Beranda", "Ekonomi", "Daerah", "Olahraga"]  # one line per menu item
    assert found.text.endswith("\n") and "" not in lines[:-1] and lines[-1] == ""
    text = found.text
    for dropped in ("bukan teks halaman", "font-family", "komentar HTML", "Aktifkan JavaScript", "NewsArticle"):
        assert dropped not in text
    assert "Pembangunan dermaga & gudang baru itu menelan biaya sekitar Rp 1,2 triliun." in text  # &amp;
    assert "“Kami ingin kapal tidak lagi menunggu terlalu lama,” ujarnya" in text  # &#8220; &#8221;
    assert "Hak cipta © 2024 Warta Pesisir. Semua hak dilindungi." in lines  # &copy;, the footer kept as a line
    assert "Kontak | Pedoman Media Siber" in lines  # inline links stay on their block's line


def test_br_breaks_a_line_and_inline_elements_stay_on_theirs():
    lines, info = page_lines(parse_html("<body><div>Satu <b>dua</b><br>tiga<p>empat</p>lima</div>"
                                        "<span>enam</span></body>"))
    assert lines == ["Satu dua", "tiga", "empat", "lima", "enam"]
    assert [i.tag for i in info] == ["div", "div", "p", "div", "body"]


def test_structure_of_each_line_zone_links_and_container():
    found = read_html((PAGES / "warta_pelabuhan.html").read_bytes(), "p.html")
    by_text = dict(zip(found.text.split("\n"), found.lines))
    assert by_text["Beranda"].zone == "furniture" and by_text["Beranda"].link_share == 1.0
    assert by_text["Warta Pesisir"].zone == "furniture"  # the logo inside <header>
    paragraph = next(i for t, i in by_text.items() if t.startswith("SEMARANG -"))
    assert (paragraph.tag, paragraph.zone, paragraph.link_share) == ("p", "article", 0.0)
    promo = by_text["Baca juga: Tol Laut Diperpanjang Sampai Maluku"]
    assert promo.link_share == 1.0 and promo.parent == paragraph.parent  # in the article's container
    assert by_text["Harga Ikan di Pasar Kobong Turun Menjelang Musim Hujan"].zone == "furniture"  # <aside> in <article>


@pytest.mark.parametrize("data, transport, encoding, text, warning", [
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>\u201ckata\u201d caf\u00e9'
     .encode("cp1252"), None, "cp1252", "“kata” café", None),
    ('<meta charset="windows-1252"><p>na\u00efve'.encode("cp1252"), None, "cp1252", "naïve", None),
    ("<p>Jakarta \u2013 berita".encode("utf-16"), None, "utf-16", "Jakarta – berita", None),
    ('<meta charset="iso-8859-1"><p>Kapanlagi.com\u00ae'.encode(), "utf-8", "utf-8", "Kapanlagi.com®", None),
    ('<meta charset="iso-8859-1"><p>\u00a9KapanLagi.com'.encode(), None, "utf-8", "©KapanLagi.com",
     "meta charset says 'iso-8859-1' but the page is UTF-8"),
    ("<p>\u201ckata\u201d".encode("cp1252"), None, "cp1252", "“kata”", "decoded as cp1252"),
    ('<meta charset="klingon"><p>berita'.encode(), None, "utf-8", "berita", "unknown charset 'klingon'"),
])
def test_charset_from_bom_server_or_meta_else_as_text(data, transport, encoding, text, warning):
    found = read_html(data, "p.html", transport)
    assert found.encoding == encoding and found.text == text + "\n"
    said = " | ".join(p["message"] for p in found.problems)
    assert (warning in said) if warning else not said


def test_a_page_that_cannot_be_read_is_refused_naming_it(tmp_path):
    c = load_pages(tmp_path / "c", {"kosong.html": b"", "skrip.html": "<script>x()</script><style>p{}</style>",
                                    "biner.htm": bytes(range(1, 32)) * 50, "baik.html": page()})
    assert c.documents["doc_id"].tolist() == ["baik"]
    got = {r.source_file: (r.severity, r.message) for r in c.problems.itertuples()}
    assert got["kosong.html"] == ("error", "refused: the file is empty")
    assert got["skrip.html"] == ("error", "refused: the HTML page holds no text")
    assert got["biner.htm"][0] == "error" and "binary" in got["biner.htm"][1]


_MARKUP = st.lists(st.sampled_from(["<p>", "</p>", "<div class='menu'>", "</div>", "<br>", "<script>", "</script>",
                                     "<title>", "</title>", "<a href=x>", "</a>", "<!--", "-->", "&amp;", "&#8220;",
                                     "<meta charset='cp1252'>", "<nav>", "</nav>", "<?xml version='1.0'?>", "\x00",
                                     "Kata dia", " ", "\n", "é", "“"]), max_size=60).map("".join)


@given(st.one_of(st.binary(max_size=3000), _MARKUP.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_give_a_page_or_a_reason(data):
    found = read_html(data, "x.html")
    refused = [p for p in found.problems if p["severity"] == "error"]
    assert (found.text is None) == bool(refused) and len(refused) <= 1
    if found.text is not None:
        lines = found.text.split("\n")
        assert lines[-1] == "" and all(line.strip() == line and line for line in lines[:-1])
        assert len(found.lines) == len(lines) - 1


# --------------------------------------------------------------------------- the page's own metadata

def test_title_tags_in_order_and_the_headline_the_page_shows():
    root = parse_html("<title>Judul Lama | Situs</title><meta property='og:title' content='Judul Berita: "
                      "Sebuah Kisah | Situs Kita'><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                      "\"headline\": \"Judul Lain\"}</script><body><h1>Judul Berita: Sebuah Kisah</h1></body>")
    meta, _ = page_metadata(root, ["Judul Lama | Situs", "Judul Berita: Sebuah Kisah"])
    assert meta["title"] == "Judul Berita: Sebuah Kisah"  # og:title first; its site part dropped, its colon kept
    root = parse_html("<title>Situs Kita - Judul Berita Hari Ini</title><body><h1>Judul Berita Hari Ini</h1></body>")
    meta, _ = page_metadata(root, ["Situs Kita - Judul Berita Hari Ini", "Judul Berita Hari Ini"])
    assert (meta["title"], meta["outlet"]) == ("Judul Berita Hari Ini", "Situs Kita")


@pytest.mark.parametrize("head, body, value, source", [
    ("<meta property='article:published_time' content='2024-01-09T10:15:00+07:00'>"
     "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"2023-01-01\"}</script>",
     "", "2024-01-09T10:15:00+07:00", "html:meta"),
    ("<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"WebSite\"}, {\"@type\": \"NewsArticle\", "
     "\"datePublished\": \"2024-01-09T03:15:00Z\"}]}</script>", "", "2024-01-09T03:15:00Z", "html:json-ld"),
    ("", "<aside><time datetime='2020-01-01'>x</time></aside><time datetime='2024-01-09T10:15'>Selasa</time>",
     "2024-01-09T10:15", "html:time"),
    ("<meta name='pubdate' content='2024/01/09 10:15:00'>", "", "2024/01/09 10:15:00", "html:meta"),
])
def test_the_first_tag_that_gives_a_date_wins(head, body, value, source):
    meta, _ = page_metadata(parse_html(page(head, body)), [])
    assert (meta["published"], meta["published_source"]) == (value, source)


def test_tag_dates_are_read_exactly():
    assert tag_date("2024-01-09T03:15:00.000Z") == "2024-01-09T10:15:00+07:00"  # UTC shown in WIB
    assert tag_date("2020-10-09T14:58:53+08:00") == "2020-10-09T14:58:53+08:00"
    assert tag_date("2016-02-23 T16:00:20Z", "+08:00") == "2016-02-24T00:00:20+08:00"
    assert tag_date("2023-02-30") == tag_date("9999-01-01") == tag_date("besok") == ""


def test_authors_are_people_not_the_site_or_its_company():
    root = parse_html("<meta property='og:site_name' content='Kabar Kota'><meta name='author' "
                      "content='Kabar Kota'><meta name='author' content='PT Kabar Media'><meta name='content_author' "
                      "content='Ani Rahma'>")
    assert page_metadata(root, [])[0]["authors"] == "Ani Rahma"


def test_a_json_ld_block_that_cannot_be_read_is_reported(tmp_path):
    c = load_pages(tmp_path / "c", {"a.html": page("<script type='application/ld+json'>{\"@type\": </script>")})
    assert "JSON-LD block 1 cannot be read" in messages(c, "a")


def test_page_tags_win_over_the_text_but_never_silently(tmp_path):
    dated = "<div>Selasa, 9 Januari 2024 10:15 WIB</div>"
    c = load_pages(tmp_path / "c", {
        # the tags and the text agree: the tag's value (UTC shown in WIB)
        "agree.html": page("<meta property='article:published_time' content='2024-01-09T03:15:00Z'>", dated),
        # a strong tag and the text disagree: the tag, with a warning naming both
        "disagree.html": page("<meta property='article:published_time' content='2024-01-12T08:00:00+07:00'>", dated),
        # a weak source (<time>) that the text contradicts: the text's, with a warning
        "weak.html": page("", "<time datetime='2023-05-01'>1 Mei</time>" + dated),
        # a date alone in the tags, its time in the text: the text's value
        "dateonly.html": page("<meta itemprop='datePublished' content='2024-01-09'>", dated),
        # local time written with a UTC "Z": read in the text's zone
        "fakeutc.html": page("<meta name='pubdate' content='2024-01-09 T10:15:00Z'>", dated),
        # no tag date: the text's
        "text.html": page("", dated),
    })
    docs = c.documents.set_index("doc_id")
    got = {d: (docs.at[d, "published"], docs.at[d, "published_source"]) for d in docs.index}
    assert got["agree"] == ("2024-01-09T10:15:00+07:00", "html:meta")
    assert got["disagree"] == ("2024-01-12T08:00:00+07:00", "html:meta")
    assert "'2024-01-12T08:00:00+07:00' and its text's 2024-01-09T10:15:00+07:00 disagree; the page's tag is used" \
        in messages(c, "disagree")
    assert got["weak"] == ("2024-01-09T10:15:00+07:00", "text")
    assert "'2023-05-01' (a weak source) and its text's 2024-01-09T10:15:00+07:00 disagree; the text's is used" \
        in messages(c, "weak")
    assert got["dateonly"] == ("2024-01-09T10:15:00+07:00", "text")
    assert got["fakeutc"] == ("2024-01-09T10:15:00+07:00", "html:meta") and "marked UTC" in messages(c, "fakeutc")
    assert got["text"] == ("2024-01-09T10:15:00+07:00", "text")
    assert docs.at["agree", "published_raw"] == "2024-01-09T03:15:00Z"
    assert set(docs["title"]) == {"Jalan Baru Dibuka Akhir Tahun"}


def test_site_name_gives_the_outlet_under_its_profile_name(tmp_path):
    c = load_pages(tmp_path / "c", {
        "a.html": page("<meta property='og:site_name' content='lifestyle.okezone.com'>"),
        "b.html": page("<meta property='og:site_name' content='Warta Manado: Berita Terkini Sulawesi Utara'>"),
        "c.html": page("<meta property='og:site_name' content='Warta Manado'>",
                       "<p>Jakarta, CNN Indonesia -- Pemerintah mengumumkan rencana itu pada hari Senin.</p>")})
    docs = c.documents.set_index("doc_id")
    assert docs.at["a", "outlet"] == "Okezone" and docs.at["b", "outlet"] == "Warta Manado"
    assert docs.at["c", "outlet"] == "Warta Manado"
    assert "site name says 'Warta Manado', its text names 'CNN Indonesia'" in messages(c, "c")


def test_metadata_csv_overrides_the_page_tags(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "metadata.csv").write_text("doc_id,published,title\na,2024-02-01 09:00,Judul dari Tabel\n")
    c = load_pages(folder, {"a.html": page("<meta property='article:published_time' content='2024-01-09T10:15:00"
                                           "+07:00'>")})
    doc = c.documents.iloc[0]
    assert (doc["published"], doc["published_source"], doc["title"]) == (
        "2024-02-01T09:00:00+07:00", "metadata", "Judul dari Tabel")


# --------------------------------------------------------------------------- folders and the cleaner

def test_text_and_html_pages_mixed_in_one_folder(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(PAGES, folder)
    (folder / "warta_pelabuhan.txt").write_text("Judul\n\n" + PROSE + "\n", encoding="utf-8")
    (folder / "catatan.md").write_text("bukan halaman")
    c = corpus.load(folder)
    docs = c.documents.set_index("doc_id")
    assert sorted(docs.index) == ["catatan_nelayan", "kabar_sawah", "warta_pelabuhan", "warta_pelabuhan~2"]
    assert docs.at["warta_pelabuhan", "source_file"] == "warta_pelabuhan.html"  # .html sorts before .txt
    assert docs.at["warta_pelabuhan~2", "source_file"] == "warta_pelabuhan.txt"
    assert docs.at["kabar_sawah", "encoding"] == "cp1252"
    assert docs.loc[["catatan_nelayan", "kabar_sawah"], "published_source"].tolist() == ["text", "text"]
    assert docs.at["warta_pelabuhan", "published_source"] == "html:meta"
    got = {r.source_file: r.message for r in c.problems.itertuples()}
    assert got["catatan.md"].startswith("skipped: not a page (a folder corpus reads *.txt, *.html, *.htm")
    assert "repeats that of warta_pelabuhan.html" in got["warta_pelabuhan.txt"]


def test_the_cleaner_weighs_the_page_structure(tmp_path):
    c = corpus.load(PAGES)
    lines = c.lines.set_index(["doc_id", "line_no"])
    warta = lines.loc["warta_pelabuhan"]
    body = warta[warta["label"].eq("body")]["text"].tolist()
    assert body[0].startswith("SEMARANG -") and body[-1].startswith("“Kami ingin kapal") and len(body) == 5
    assert warta.at[2, "reason"].startswith("not article: the page's <title>, or in its furniture zone")  # logo
    assert warta.at[1, "label"] == "title"  # the <title> line, separators and all
    sawah = lines.loc["kabar_sawah"]
    assert sawah.at[1, "label"] == "boilerplate"  # "Kabar Daerah - Judul": a <title> is no body opener
    assert sawah.at[2, "reason"] == "not article: mostly links (page structure)"
    assert sawah["label"].eq("body").sum() == 4


def test_the_articles_container_holds_short_paragraphs_a_video_link_cut_off(tmp_path):
    video = "<p><a href='https://video.example/1'>https://video.example/1</a></p>"
    short = ["Hadiah pertama Rp 30 juta", "Pendaftaran dibuka sampai Maret", "Juri dari lima negara"]
    body = (f"<div class='isi'><p>{PROSE}</p><p>{MORE}</p><p>{PROSE.replace('jalan', 'jembatan')}</p>{video}"
            + "".join(f"<p>{s}</p>" for s in short) + f"<p>{MORE.replace('proyek', 'lomba')}</p></div>"
            "<div class='promo'><div>Langganan Sekarang</div></div>")
    html = page(body=body)
    c = load_pages(tmp_path / "c", {"a.html": html})
    kept = c.lines.loc[c.lines["label"].eq("body"), "text"].tolist()
    assert set(short) <= set(kept), c.lines[["line_no", "label", "reason", "text"]].to_string()
    assert "Langganan Sekarang" not in kept
    # read as a text page, the same lines lose the short paragraphs (the evidence of the text alone)
    text = corpus.load(load_pages_txt(tmp_path / "t", read_html(html.encode(), "a.html").text))
    assert not set(short) <= set(text.lines.loc[text.lines["label"].eq("body"), "text"])


def load_pages_txt(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- WARC

def write_warc(path: Path, records: list[tuple], compress: bool = True) -> None:
    """``records``: (type, uri, status, content type or None, payload bytes, WARC-Date or None)."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for kind, uri, status, content_type, payload, date in records:
            extra = {"WARC-Date": date} if date else None
            if kind == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
            else:
                headers = [("Content-Type", content_type)] if content_type else []
                http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http,
                                                          warc_headers_dict=extra))


def crawl(path: Path, compress: bool = True) -> None:
    write_warc(path, [
        ("request", "https://wartapesisir.example/dermaga", "", None, b"GET /dermaga HTTP/1.1\r\n\r\n", None),
        ("response", "https://wartapesisir.example/dermaga", "200 OK", "text/html; charset=utf-8",
         (PAGES / "warta_pelabuhan.html").read_bytes(), "2024-01-10T01:00:00Z"),
        ("response", "https://kabar.example/sawah?id=7", "200 OK", "text/html; charset=windows-1252",
         (PAGES / "kabar_sawah.htm").read_bytes(), "2024-01-11T01:00:00Z"),
        ("response", "https://kota.example/jalan", "200 OK", "text/html", page().encode(), "2024-01-12T02:30:00Z"),
        ("response", "https://kota.example/hilang", "404 Not Found", "text/html", b"<p>Tidak ada</p>", None),
        ("response", "https://kota.example/logo.png", "200 OK", "image/png", b"\x89PNG", None),
    ], compress)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_warc_file_reads_its_html_responses_and_reports_every_other_record(tmp_path, name):
    path = tmp_path / name
    crawl(path, name.endswith(".gz"))
    c = corpus.load(path)
    docs = c.documents.set_index("doc_id")
    assert docs.index.tolist() == ["wartapesisir.example/dermaga", "kabar.example/sawah/id_7~" + uri_doc_id(
        "https://kabar.example/sawah?id=7").rsplit("~", 1)[1], "kota.example/jalan"]
    assert docs.at["wartapesisir.example/dermaga", "url"] == "https://wartapesisir.example/ekonomi/2024/01/09/dermaga-baru"
    assert docs.at["kota.example/jalan", "url"] == "https://kota.example/jalan"
    assert all(s.startswith(f"{name}@") for s in docs["source_file"])
    assert docs.at["wartapesisir.example/dermaga", "published_source"] == "html:meta"
    skipped = c.problems[c.problems["doc_id"].eq("")]
    assert len(skipped) == 4 and all(s.startswith(f"{name}@") and s.split("@")[1].isdigit()
                                     for s in skipped["source_file"])
    said = " | ".join(skipped["message"])
    for reason in ("a WARC warcinfo record", "a WARC request record", "HTTP status 404", "content type 'image/png'"):
        assert reason in said


def test_the_crawl_date_is_the_last_resort_and_flagged(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    crawl(path)
    c = corpus.load(path)
    doc = c.documents.set_index("doc_id").loc["kota.example/jalan"]  # states no date anywhere
    assert (doc["published"], doc["published_source"], doc["published_raw"]) == (
        "2024-01-12T09:30:00+07:00", "warc-date", "2024-01-12T02:30:00Z")
    assert "crawl date (WARC-Date) is used" in messages(c, "kota.example/jalan")
    assert c.documents.set_index("doc_id").at["wartapesisir.example/dermaga", "published"] == "2024-01-09T10:15:00+07:00"


def test_warc_files_in_a_folder_and_a_truncated_one(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    crawl(folder / "a.warc.gz")
    data = (folder / "a.warc.gz").read_bytes()
    (folder / "b.warc.gz").write_bytes(data[: len(data) * 2 // 3])  # cut inside a record
    (folder / "c.txt").write_text("Judul\n\n" + PROSE + "\n" + MORE + "\n", encoding="utf-8")
    c = corpus.load(folder)
    sources = c.documents["source_file"].tolist()
    assert sum(s.startswith("a.warc.gz@") for s in sources) == 3 and "c.txt" in sources
    assert any(s.startswith("b.warc.gz@") for s in sources)  # the records before the cut
    cut = c.problems[c.problems["source_file"].str.startswith("b.warc.gz") & c.problems["severity"].eq("error")]
    assert len(cut) == 1 and "the WARC record is cut short" in cut["message"].iat[0]
    assert cut["source_file"].iat[0] not in sources  # the record cut short is not read as a shorter page
    # the same address in two files: told apart, with a warning naming both records
    assert "repeats that of a.warc.gz@" in " ".join(c.problems["message"])


def test_a_file_that_is_not_a_warc_is_refused_naming_it(tmp_path):
    path = tmp_path / "x.warc.gz"
    path.write_bytes(gzip.compress(b"bukan WARC sama sekali"))
    c = corpus.load(path)
    assert c.documents.empty
    assert c.problems["source_file"].tolist()[0] == "x.warc.gz" and c.problems["severity"].eq("error").all()


@pytest.mark.parametrize("uri, expected", [
    ("https://www.example.co.id/read/2024/01/09/judul-berita", "www.example.co.id/read/2024/01/09/judul-berita"),
    ("HTTP://Example.COM/a/../b", "example.com/a/_/b~"),
    ("https://example.com/cari?q=korea utara&p=2", "example.com/cari/q_korea_utara/p_2~"),
    ("https://example.com/", "example.com"),
])
def test_doc_ids_from_addresses_are_stable_and_safe(uri, expected):
    got = uri_doc_id(uri)
    assert got == uri_doc_id(uri) and got.startswith(expected)
    assert all(part not in ("", ".", "..") for part in got.split("/"))
    assert not set(got) - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/~")


# --------------------------------------------------------------------------- the whole report

def test_the_report_runs_on_a_folder_of_saved_pages(tmp_path):
    out = tmp_path / "report"
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--corpus", str(PAGES), "--out", str(out),
                           "--no-progress"], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    documents = pd.read_csv(out / "tables" / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert documents.at["warta_pelabuhan", "published_source"] == "html:meta"
    assert documents.at["warta_pelabuhan", "outlet"] == "Warta Pesisir"
    assert documents.at["kabar_sawah", "n_body_lines"] == 4
    lines = pd.read_csv(out / "tables" / "lines.csv", keep_default_na=False)
    assert lines["reason"].str.contains("page structure").any()
    assert (out / "html" / "index.html").exists()


# ----------------------------------------------------------------- several JSON-LD articles on one page

_OTHER = ('{"@type": "NewsArticle", "headline": "Berita lain sama sekali", '
          '"datePublished": "2024-01-01T08:00:00+07:00", "url": "https://portalkudus.example/lain"}')
_OWN = ('{"@type": "NewsArticle", "headline": "Harga Beras Turun di Kudus", '
        '"datePublished": "2024-01-05T09:00:00+07:00", "url": "https://www.portalkudus.example/harga-beras/"}')
_LINES = ["Harga Beras Turun di Kudus - Portal Kudus", "Harga Beras Turun di Kudus", "Isi."]


def _ld_page(*blocks: str, canonical: str = "https://portalkudus.example/harga-beras") -> str:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return (f'<html><head><title>{_LINES[0]}</title><link rel="canonical" href="{canonical}">{scripts}</head>'
            f"<body><article><h1>{_LINES[1]}</h1><p>Isi.</p></article></body></html>")


@pytest.mark.parametrize("blocks", [
    (_OTHER, _OWN),  # tied to the page by its address (scheme, www. and the final slash aside)
    (_OTHER.replace(', "url": "https://portalkudus.example/lain"', ""),
     _OWN.replace(', "url": "https://www.portalkudus.example/harga-beras/"', "")),  # by its headline
])
def test_the_json_ld_article_is_the_pages_own_not_a_related_storys(blocks):
    meta, problems = page_metadata(parse_html(_ld_page(*blocks)), _LINES)
    assert (meta["title"], meta["published"], meta["published_source"]) == \
        ("Harga Beras Turun di Kudus", "2024-01-05T09:00:00+07:00", "html:json-ld")
    assert problems == []


def test_the_same_json_ld_article_written_twice_is_read():
    """A theme and an SEO plugin each write the article, its date once with +07:00, once in UTC."""
    twice = _OWN.replace("2024-01-05T09:00:00+07:00", "2024-01-05T02:00:00Z")
    meta, problems = page_metadata(parse_html(_ld_page(_OWN, twice)), _LINES)
    assert (meta["published"], meta["published_source"], problems) == ("2024-01-05T09:00:00+07:00", "html:json-ld", [])


def test_json_ld_articles_none_of_which_is_the_pages_are_not_used_and_say_so():
    third = _OTHER.replace("Berita lain sama sekali", "Berita ketiga").replace("/lain", "/ketiga")
    meta, problems = page_metadata(parse_html(_ld_page(_OTHER, third)), _LINES)
    assert meta["published_source"] != "html:json-ld" and meta["title"] == "Harga Beras Turun di Kudus"
    assert problems == ["JSON-LD: 2 article objects and none is this page's alone (by its address or title); "
                        "their values are not used"]
