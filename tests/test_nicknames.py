"""Nicknames a corpus defines for its persons (analysis.nicknames.nickname_definitions).

The classes come from the nicknames defined in 10,000 real CLICK-ID articles (CC BY 4.0):
a nickname in brackets after a name with its role, or after a cue word (``alias``, ``akrab
disapa``), and the brackets and cues that define no person's nickname (a team, a term's
initials, an office, a region). The sentences are written for these tests."""

import pandas as pd
import pytest

from analysis.nicknames import NICKNAME_COLUMNS, nickname_definitions


def _defined(*texts: str, labels=None) -> list[tuple[str, str]]:
    lines = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "line_no": range(1, len(texts) + 1),
                          "label": labels or ["body"] * len(texts), "text": list(texts)})
    found = nickname_definitions(lines)
    assert found.columns.tolist() == NICKNAME_COLUMNS
    return list(zip(found["nickname"], found["name"]))


@pytest.mark.parametrize("text, expected", [
    ("Presiden Joko Widodo (Jokowi) meresmikan jalan tol Trans Jawa.", ("Jokowi", "Joko Widodo")),
    ("Ketua DPR Bambang Soesatyo atau yang akrab disapa Bamsoet mengatakan hal itu.", ("Bamsoet", "Bambang Soesatyo")),
    ("Mantan gubernur Basuki Tjahaja Purnama alias Ahok bebas hari ini.", ("Ahok", "Basuki Tjahaja Purnama")),
    ("Pelatih Stefano Cugurra (Teco) memuji timnya.", ("Teco", "Stefano Cugurra")),
    ("Tersangka Ipan Ardiansyah alias Gopal ditangkap polisi.", ("Gopal", "Ipan Ardiansyah")),
    ("Juru bicara Hadi Purnomo (Hape) membantah kabar itu.", ("Hape", "Hadi Purnomo")),  # a role in lower case
    ("Kapolres AKBP Setya Novanto (Setnov) datang.", ("Setnov", "Setya Novanto")),
    ("Budi Hartono, yang biasa dipanggil Icang, hadir.", ("Icang", "Budi Hartono")),
    ("Tersangka M. Rizki Pratama alias Kiki ditahan.", ("Kiki", "M Rizki Pratama")),  # as a speaker is written
    ("Nova Riyanti Yusuf atau lebih dikenal dengan nama Noriyu hadir.", ("Noriyu", "Nova Riyanti Yusuf")),
])
def test_a_nickname_after_a_person_s_name(text, expected):
    assert _defined(text) == [expected]


@pytest.mark.parametrize("text", [
    "Pebalap Andrea Dovizioso (Ducati) finis kedua.",             # a team in brackets, no role before the name
    "Foto oleh Djasamen Saragih. (Ncc)",                            # a credit after a sentence
    "Film-film Marvel Cinematic Universe (MCU) laris.",             # a term's initials
    "Pelaksana Tugas (Plt) Kepala Dinas hadir.",                    # an office
    "Kepala Seksi Operasi (Kasiops) memimpin apel.",                # an office after a role
    "Wali Kota Tangerang Selatan (Tangsel) meresmikan taman.",      # a region after a role
    "Ketua Mahkamah Konstitusi (MK) membacakan putusan.",           # an institution after a role
    "Presiden keenam RI Susilo Bambang Yudhoyono (SBY) hadir.",     # an acronym (speakers: in its document)
    "Presiden Joko Widodo (Joko) hadir.",                           # a word of the name
    "Warga Budi Santoso alias Dana ditangkap.",                     # a common word ("dana")
    "Seto Mulyadi yang akrab disapa Kak Seto hadir.",               # a nickname of two words
    "Menteri Keuangan (Menkeu) Sri Mulyani hadir.",                 # an office's short form
    "Menteri Keuangan Sri Mulyani Indrawati dipanggil Jokowi ke Istana.",  # a passive verb: summoned by
    "Novel Baswedan disapa Jokowi di Istana.",                      # greeted by
    "Aktor Reza Rahadian yang dikenal sebagai Habibie di film itu.",  # a role in a film
])
def test_no_definition_where_the_evidence_is_weak(text):
    assert _defined(text) == []


def test_only_body_lines_are_read_in_order():
    found = _defined("Presiden Joko Widodo (Jokowi) hadir.", "Presiden Joko Widodo (Jokowi) hadir.",
                     "Gubernur Basuki Tjahaja Purnama alias Ahok dan Presiden Joko Widodo (Jokowi) hadir.",
                     labels=["body", "boilerplate", "body"])
    assert found == [("Jokowi", "Joko Widodo"), ("Ahok", "Basuki Tjahaja Purnama"), ("Jokowi", "Joko Widodo")]


def test_no_lines_give_an_empty_table_with_its_columns():
    lines = pd.DataFrame({"doc_id": pd.Series([], dtype="str"), "line_no": pd.Series([], dtype="int64"),
                          "label": pd.Series([], dtype="str"), "text": pd.Series([], dtype="str")})
    found = nickname_definitions(lines)
    assert found.columns.tolist() == NICKNAME_COLUMNS and found.empty


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="nickname_definitions: lines lacks column 'label'"):
        nickname_definitions(pd.DataFrame({"doc_id": ["a"], "line_no": [1], "text": ["x"]}))
