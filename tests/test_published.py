"""Exported ``published`` columns: day/month order decided per column, impossible values refused."""

import pandas as pd
import pytest

from analysis import corpus, readers
from analysis.published import day_month_order, read_published

ID_TEXT = (
    "Menlu Kecam Korea Utara\n\n"
    "Jakarta (ANTARA) - Menteri Luar Negeri Indonesia mengatakan pada Senin bahwa pemerintah sangat prihatin "
    "dengan kerja sama militer antara Korea Utara dan Rusia yang melanggar resolusi Dewan Keamanan PBB.\n\n"
    "Menurut dia, semua negara harus mematuhi sanksi yang telah disepakati bersama oleh masyarakat internasional.\n"
)
UNDECIDABLE = ("published column of export.csv: day/month order cannot be told from its values "
               "(no field above 12); read as day/month, the Indonesian convention")


def _write(path, published, ids=None):
    ids = ids or [f"r{i}" for i in range(1, len(published) + 1)]
    frame = pd.DataFrame({"doc_id": ids, "published": published, "text": [ID_TEXT] * len(published)})
    name = path.name
    if name.endswith(".csv"):
        frame.to_csv(path, index=False)
    elif name.endswith(".parquet"):
        frame.to_parquet(path, index=False)
    else:
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    return path


def _published(c):
    return c.documents.set_index("doc_id")["published"].to_dict()


def _warnings(c):
    return c.problems.loc[c.problems["severity"].eq("warning"), "message"].tolist()


# ----------------------------------------------------------------- deciding the order of a column

def test_a_second_field_above_12_makes_the_column_month_first():
    column = pd.Series(["9/10/2025 14:05", "10/11/2025", "9/13/2025 08:00"])
    order = day_month_order(column)
    assert (order.dayfirst, order.basis, order.warn) == (False, "values", False)
    assert "'9/13/2025 08:00'" in order.reason and "month/day" in order.reason
    read = read_published(column, dayfirst=order.dayfirst)
    assert read["published"].tolist() == ["2025-09-10T14:05:00+07:00", "2025-10-11", "2025-09-13T08:00:00+07:00"]


def test_a_first_field_above_12_makes_the_column_day_first():
    column = pd.Series(["9/10/2025", "13-09-2025", "1.2.2025 10.15 WIB"])
    order = day_month_order(column)
    assert (order.dayfirst, order.basis, order.warn) == (True, "values", False)
    read = read_published(column, dayfirst=order.dayfirst)
    assert read["published"].tolist() == ["2025-10-09", "2025-09-13", "2025-02-01T10:15:00+07:00"]


def test_two_digit_years_and_chunks():
    order = day_month_order(iter([pd.Series(["01/02/24", "2024-01-05"]), pd.Series(["12-31-24 23:59"])]))
    assert (order.dayfirst, order.month_first, order.either) == (False, 1, 1)
    read = read_published(pd.Series(["01/02/24", "12-31-24 23:59"]), dayfirst=False)["published"].tolist()
    assert read == ["2024-01-02", "2024-12-31T23:59:00+07:00"]


def test_an_undecidable_column_is_read_by_the_convention_with_a_warning():
    order = day_month_order(pd.Series(["9/10/2025", "2025-10-09", "1/2/2025"]))
    assert (order.dayfirst, order.basis, order.warn) == (True, "convention", True)
    assert order.reason == ("day/month order cannot be told from its values (no field above 12); "
                            "read as day/month, the Indonesian convention")


def test_iso_and_month_names_are_no_evidence():
    order = day_month_order(pd.Series(["2025-09-13", "13 September 2025", "Oct 2, 2019", ""]))
    assert (order.dayfirst, order.basis, order.warn) == (True, "none", False)


def test_a_conflicting_column_is_read_by_the_majority_and_contradicting_values_are_refused():
    column = pd.Series(["13/09/2025", "25/12/2025", "9/13/2025", "3/4/2025"])
    order = day_month_order(column)
    assert (order.dayfirst, order.basis, order.warn) == (True, "majority", True)
    assert (order.day_first, order.month_first, order.either) == (2, 1, 1)
    assert "both orders" in order.reason and "'9/13/2025'" in order.reason
    read = read_published(column, dayfirst=order.dayfirst)
    assert read["published"].tolist() == ["2025-09-13", "2025-12-25", "", "2025-04-03"]
    assert "can only be month/day" in read["problem"][2]


def test_a_tie_falls_back_on_the_convention():
    order = day_month_order(["13/09/2025", "9/13/2025"])
    assert (order.dayfirst, order.basis) == (True, "majority")
    assert day_month_order(["13/09/2025", "9/13/2025"], convention=False).dayfirst is False


def test_no_value_is_read_in_the_other_order_silently():
    read = read_published(pd.Series(["9/13/2025", "13/9/2025"]))  # the default: day/month
    assert read["published"].tolist() == ["", "2025-09-13"]
    assert read["readable"].tolist() == [False, True]
    read = read_published(pd.Series(["13/9/2025"]), dayfirst=False)
    assert read["published"].tolist() == [""] and "can only be day/month" in read["problem"][0]


# ----------------------------------------------------------------- impossible values

@pytest.mark.parametrize("raw, problem", [
    ("9999-12-31", "year 9999 is outside 1900..2100"),
    ("0001-01-01", "year 0001 is outside 1900..2100"),
    ("1899-12-31 10:00", "year 1899 is outside 1900..2100"),
    ("2023-02-30", "there is no such date (day 30, month 2, year 2023)"),
    ("30/02/2023 10:00 WIB", "there is no such date (day 30, month 2, year 2023)"),
    ("2023-09-13 10:00 +25:00", "no such UTC offset (+25:00)"),
    ("2023-09-13 10:00 +14:01", "no such UTC offset (+14:01)"),
    ("2023-09-13 10:00 -0575", "no such UTC offset (-05:75)"),
    ("2023-09-13 24:00", "there is no such time of day (24:00)"),
    ("2023-09-13 10:60", "there is no such time of day (10:60)"),
    ("2023-09-13 10:00:61", "there is no such time of day (10:00:61)"),
])
def test_impossible_values_are_refused(raw, problem):
    read = read_published(pd.Series([raw]))
    assert read["published"][0] == "" and not read["readable"][0]
    assert read["problem"][0] == problem


@pytest.mark.parametrize("raw, expected", [
    ("1900-01-01", "1900-01-01"),
    ("2100-12-31", "2100-12-31"),
    ("2023-09-13 23:59:59 +14:00", "2023-09-13T23:59:59+14:00"),
    ("2023-09-13 00:00 -1400", "2023-09-13T00:00:00-14:00"),
    ("29/02/2024", "2024-02-29"),
])
def test_possible_edge_values_are_kept(raw, expected):
    read = read_published(pd.Series([raw]))
    assert read["published"][0] == expected and read["problem"][0] == ""


def test_impossible_values_in_an_export_are_refused_with_a_warning(tmp_path):
    path = _write(tmp_path / "export.csv", ["9999-12-31", "2023-09-13 10:00 +25:00", "2023-02-30", "2023-09-13"])
    c = corpus.load(path)
    assert _published(c) == {"r1": "", "r2": "", "r3": "", "r4": "2023-09-13"}
    docs = c.documents.set_index("doc_id")
    assert docs.loc["r1", "published_raw"] == "9999-12-31"
    problems = c.problems.set_index("doc_id")
    assert problems.loc["r1", "source_file"] == "export.csv:1"
    assert problems.loc["r1", "message"] == ("published value '9999-12-31' refused: year 9999 is outside "
                                             "1900..2100; kept in published_raw")
    assert "no such UTC offset (+25:00)" in problems.loc["r2", "message"]
    assert "no such date" in problems.loc["r3", "message"]
    # nothing impossible reaches the table: every published value parses as a timestamp
    assert pd.to_datetime(docs["published"][docs["published"].ne("")], format="ISO8601", utc=True).notna().all()


# ----------------------------------------------------------------- through corpus.load, in batches

MONTH_FIRST = ["9/10/2025 14:05", "10/11/2025", "3/4/2025", "1/2/2025", "9/13/2025 08:00"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".jsonl.gz", ".parquet"])
def test_the_order_is_decided_over_the_whole_column_not_per_batch(tmp_path, suffix):
    path = _write(tmp_path / f"export{suffix}", MONTH_FIRST)
    batches = list(readers.iter_raw(path, batch_size=2))
    assert len(batches) == 3 and all(b.published_order.dayfirst is False for b in batches)
    c = corpus.load(path, batch_size=2)  # the deciding value is in the third batch
    assert _published(c) == {"r1": "2025-09-10T14:05:00+07:00", "r2": "2025-10-11", "r3": "2025-03-04",
                             "r4": "2025-01-02", "r5": "2025-09-13T08:00:00+07:00"}
    assert set(c.documents["published_source"]) == {"metadata"}
    assert c.problems.empty


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_day_first_value_in_a_later_batch_decides_day_first(tmp_path, suffix):
    path = _write(tmp_path / f"export{suffix}", ["9/10/2025", "10/11/2025", "3/4/2025", "25/12/2025"])
    c = corpus.load(path, batch_size=1)
    assert _published(c) == {"r1": "2025-10-09", "r2": "2025-11-10", "r3": "2025-04-03", "r4": "2025-12-25"}
    assert c.problems.empty


def test_an_undecidable_export_warns_once_naming_the_column(tmp_path):
    path = _write(tmp_path / "export.csv", ["9/10/2025 14:05", "2025-10-09", "1/2/2025"])
    c = corpus.load(path, batch_size=1)
    assert _published(c) == {"r1": "2025-10-09T14:05:00+07:00", "r2": "2025-10-09", "r3": "2025-02-01"}
    assert _warnings(c) == [UNDECIDABLE]
    assert c.problems["source_file"].tolist() == ["export.csv"]
    first = corpus.finish(next(readers.iter_raw(path, batch_size=1)))  # with the first batch
    assert first.problems["message"].tolist() == [UNDECIDABLE]


def test_a_conflicting_export_warns_and_refuses_the_contradicting_rows(tmp_path):
    path = _write(tmp_path / "export.jsonl", ["3/4/2025", "13/09/2025", "9/13/2025", "25/12/2025"],
                  ids=["a", "b", "c", "d"])
    c = corpus.load(path, batch_size=2)
    assert _published(c) == {"a": "2025-04-03", "b": "2025-09-13", "c": "", "d": "2025-12-25"}
    docs = c.documents.set_index("doc_id")
    assert docs.loc["c", "published_raw"] == "9/13/2025" and docs.loc["c", "published_source"] == ""
    column = c.problems[c.problems["doc_id"].eq("")]
    assert len(column) == 1
    assert column["message"].iloc[0].startswith("published column of export.jsonl: its values hold evidence "
                                                 "for both orders (2 can only be day/month")
    assert "read as day/month, the majority" in column["message"].iloc[0]
    row = c.problems[c.problems["doc_id"].eq("c")]
    assert row["source_file"].tolist() == ["export.jsonl:3"] and row["severity"].tolist() == ["warning"]
    assert row["message"].iloc[0] == (
        "published value '9/13/2025' refused: its second field is above 12, so it can only be month/day, "
        "and it is read as day/month, the order of the published column of export.jsonl; kept in published_raw")


def test_a_folder_corpus_decides_over_the_whole_metadata_csv(tmp_path):
    for i in range(1, 5):
        (tmp_path / f"p{i}.txt").write_text(ID_TEXT, encoding="utf-8")
    pd.DataFrame({"doc_id": ["p1", "p2", "p3", "p4"],
                  "published": ["9/10/2025", "", "1/2/2025", "2/28/2025"]}).to_csv(tmp_path / "metadata.csv", index=False)
    c = corpus.load(tmp_path, batch_size=1)
    assert _published(c) == {"p1": "2025-09-10", "p2": "", "p3": "2025-01-02", "p4": "2025-02-28"}
    assert c.problems.empty


def test_an_undecidable_metadata_csv_warns_once(tmp_path):
    for i in range(1, 4):
        (tmp_path / f"p{i}.txt").write_text(ID_TEXT, encoding="utf-8")
    pd.DataFrame({"doc_id": ["p1", "p2", "p3"],
                  "published": ["9/10/2025", "1/2/2025", "3/4/2025"]}).to_csv(tmp_path / "metadata.csv", index=False)
    c = corpus.load(tmp_path, batch_size=1)
    assert _published(c) == {"p1": "2025-10-09", "p2": "2025-02-01", "p3": "2025-04-03"}
    assert _warnings(c) == [UNDECIDABLE.replace("export.csv", "metadata.csv")]


def test_year_first_slashes_and_two_digit_year_pivot():
    read = read_published(pd.Series(["2015/08/25", "2015.08.25 10:11 WIB", "13/09/99", "13/09/23"]))
    assert read["published"].tolist() == ["2015-08-25", "2015-08-25T10:11:00+07:00", "1999-09-13", "2023-09-13"]


# ----------------------------------------------------------------- clock times as exports write them

@pytest.mark.parametrize("value, expected", [
    ("2024-01-03T14:05:00.000Z", "2024-01-03T21:05:00+07:00"),  # JavaScript's toISOString()
    ("2024-01-03T14:05:00.5-05:00", "2024-01-03T14:05:00-05:00"),  # a fraction before an offset
    ("2024-01-06 20:05:00,750 UTC", "2024-01-07T03:05:00+07:00"),  # the day in WIB is the next one
    ("1 Januari 2024 19:30 GMT", "2024-01-02T02:30:00+07:00"),
    ("03/01/2024 02:05 PM", "2024-01-03T14:05:00+07:00"),
    ("3 Januari 2024 02.05 pm", "2024-01-03T14:05:00+07:00"),
    ("03/01/2024 12:30 AM", "2024-01-03T00:30:00+07:00"),
    ("03/01/2024 12:30 p.m. WITA", "2024-01-03T12:30:00+08:00"),
    ("03/01/2024 14:05 WIB", "2024-01-03T14:05:00+07:00"),
    ("03-Jan-2024 14:05", "2024-01-03T14:05:00+07:00"),  # as 10-Sep-19 23:05, with the year in full
    ("Jumat, 5 Januari 2024 20:15 GMT+7", "2024-01-05T20:15:00+07:00"),  # an offset after GMT, not UTC
    ("2024-01-05 09:00 UTC+05:30", "2024-01-05T09:00:00+05:30"),
    ("2024-01-03T14:05:00-00:00", "2024-01-03T21:05:00+07:00"),  # UTC written as RFC 3339 "unknown local"
    ("2024-01-03T14:05:00.1234567890Z", "2024-01-03T21:05:00+07:00"),  # any fraction
    ("1 Jan 2024 10:00 a.m.WIB", "2024-01-01T10:00:00+07:00"),
    ("1 Jan 2024 10.00 PM Anwar Ibrahim tiba", "2024-01-01T10:00:00+07:00"),  # PM: a prime minister
    ("03/01/2024 00:30 AM", "2024-01-03T00:30:00+07:00"),
    ("10-Sep-19 23:05", "2019-09-10T23:05:00+07:00"),
])
def test_fractions_of_a_second_twelve_hour_clocks_and_utc_are_read_as_the_same_instant(value, expected):
    assert read_published(pd.Series([value]))["published"].tolist() == [expected]


def test_an_hour_above_12_with_am_or_pm_is_refused_not_guessed():
    read = read_published(pd.Series(["03/01/2024 13:05 PM", "03/01/2024 00:30 PM"]))
    assert read["published"].tolist() == ["", ""]
    assert read["problem"].tolist() == ["there is no such time of day (13:05 PM)",
                                        "there is no such time of day (00:30 PM)"]


def test_a_timezone_aware_parquet_timestamp_keeps_its_instant(tmp_path):
    stamps = pd.to_datetime(["2024-01-06 20:05:00.750", "2024-01-06 10:00:00.000"], format="ISO8601")
    path = tmp_path / "export.parquet"
    pd.DataFrame({"doc_id": ["a", "b"], "published": stamps.tz_localize("UTC"),
                  "text": [ID_TEXT, ID_TEXT + "Lagi.\n"]}).to_parquet(path, index=False)
    c = corpus.load(path)
    assert _published(c) == {"a": "2024-01-07T03:05:00+07:00", "b": "2024-01-06T17:00:00+07:00"}
    assert not _warnings(c)


@pytest.mark.parametrize("value, expected", [
    ("Selasa, 9 Januari 2024 10:15 WIB", "2024-01-09T10:15:00+07:00"),
    ("Sat, 13 Jan 2024 10:00:00 +0700", "2024-01-13T10:00:00+07:00"),
    ("Minggu (7/1/2024)", "2024-01-07"),
    ("Selasa, 2015/08/25", "2015-08-25"),  # the year-first layout's separator, named
])
def test_a_weekday_that_agrees_with_its_date_is_read(value, expected):
    assert read_published(pd.Series([value]))["published"].tolist() == [expected]


def test_a_weekday_that_contradicts_its_date_refuses_it():
    """Which of the two is wrong cannot be told: the value is not read (published_raw keeps it)."""
    read = read_published(pd.Series(["Senin, 3 Januari 2024", "Sun, 13 Jan 2024"]))
    assert read["published"].tolist() == ["", ""]
    assert read["problem"].tolist() == [
        "its weekday (Senin) is not its date's (2024-01-03 is a Wednesday); which of the two is wrong cannot be told",
        "its weekday (Sun) is not its date's (2024-01-13 is a Saturday); which of the two is wrong cannot be told"]


@pytest.mark.parametrize("value, expected", [
    ("14:05 WIB, 3 Januari 2024", "2024-01-03T14:05:00+07:00"),
    ("10.15 | Rabu, 3/1/2024", "2024-01-03T10:15:00+07:00"),
    ("Pukul 09.30 WITA - 3 Januari 2024", "2024-01-03T09:30:00+08:00"),
    ("09:30 | Rabu, 3 Januari 2024 10:00 WIB", "2024-01-03T10:00:00+07:00"),  # a time after the date wins
    ("Edisi 12, 3 Januari 2024", "2024-01-03"),  # a number that is no time
])
def test_a_time_written_before_the_date_is_read(value, expected):
    assert read_published(pd.Series([value]))["published"].tolist() == [expected]


@pytest.mark.parametrize("value", ["25:10, 3 Januari 2024", "Skor 21:10 - Persija menang, 3 Januari 2024",
                                   "Rp 10.50, 3 Januari 2024"])
def test_a_number_before_the_date_that_is_no_time_of_it_is_left_out(value):
    # not a time (25:10), or not one that opens the value and is followed by the date: the date alone
    assert read_published(pd.Series([value]))["published"].tolist() == ["2024-01-03"]


def _page(headline, date_line):
    return (f"{headline}\n{date_line}\nJakarta - Amerika Serikat, Jepang dan Korea Selatan mengecam pengiriman "
            "senjata Korea Utara ke Rusia, kata juru bicara pada Senin. Pemerintah ketiga negara menyatakan bahwa "
            "kerja sama militer itu melanggar resolusi Dewan Keamanan PBB.\n")


def test_a_page_whose_date_line_starts_with_the_time_keeps_its_headline_and_time(tmp_path):
    (tmp_path / "a.txt").write_text(_page("Korut Kirim Senjata ke Rusia", "14:05 WIB, 3 Januari 2024"), encoding="utf-8")
    c = corpus.load(tmp_path, languages="any")
    assert c.lines["label"].tolist() == ["title", "dateline", "body"]  # the date line is no headline
    assert _published(c) == {"a": "2024-01-03T14:05:00+07:00"}
    assert c.documents["title"].tolist() == ["Korut Kirim Senjata ke Rusia"]


def test_a_date_line_that_cannot_be_read_leaves_published_empty_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text(_page("Korut Kirim Senjata ke Rusia", "Warta.com - 01/15/2024, 10:15 WIB"),
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text(_page("Korut Kirim Senjata ke Rusia", "Warta.com - 15/01/2024, 10:15 WIB"),
                                    encoding="utf-8")
    c = corpus.load(tmp_path, languages="any")
    assert _published(c) == {"a": "", "b": "2024-01-15T10:15:00+07:00"}
    assert _warnings(c) == ["no publication date: line 2 ('Warta.com - 01/15/2024, 10:15 WIB') reads as a date "
                            "line, but its second field is above 12, so it can only be month/day, and it is read "
                            "as day/month"]
    assert c.problems["doc_id"].tolist() == ["a"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_numbers_in_an_export_are_read_as_compact_dates_or_seconds_since_1970(tmp_path, suffix):
    path = tmp_path / f"export{suffix}"
    frame = pd.DataFrame({"doc_id": ["g", "d", "s", "m", "x"], "text": [ID_TEXT] * 5,
                          "published": ["20240103140500", "20240103", "1704265500", "1704265500000", "2024010314"]})
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_json(path, orient="records", lines=True)
    c = corpus.load(path)
    assert _published(c) == {"g": "2024-01-03T14:05:00+07:00", "d": "2024-01-03",
                             "s": "2024-01-03T14:05:00+07:00",  # 07:05 UTC, the same instant in WIB
                             "m": "2024-01-03T14:05:00+07:00", "x": ""}
    assert _warnings(c) == ["published value '2024010314' refused: a ten-digit number that reads both as seconds "
                            "since 1970 and as a date and hour (YYYYMMDDHH); kept in published_raw"]


def test_seconds_since_1970_are_ambiguous_only_where_they_read_as_a_date_of_the_years_read():
    read = read_published(pd.Series(["1710011200", "2024010314", "１７０４２６５５００"]), numbers=True)
    assert read["published"].tolist() == ["2024-03-10T02:06:40+07:00", "", ""]  # 1710: no year read; other digits
    assert read["problem"].tolist()[2] == "could not be read as a date"


def test_a_number_alone_on_a_page_line_is_no_date():
    assert read_published(pd.Series(["1704265500", "20240103"]))["published"].tolist() == ["", ""]
