"""One person under the forms a corpus writes (analysis.aliases.speaker_groups).

The classes come from the speakers table of 10,000 real CLICK-ID articles (CC BY 4.0): short
and titled forms of one person counted apart, and long forms that are another person."""

import numpy as np
import pandas as pd
import pytest

from analysis.aliases import speaker_groups


def _groups(*speakers, types=None, actors=None) -> dict:
    quotes = pd.DataFrame({"speaker": list(speakers), "speaker_type": types or ["person"] * len(speakers),
                           "actor": actors or [""] * len(speakers)})
    return dict(zip(quotes["speaker"], speaker_groups(quotes)))


def test_a_given_name_or_a_name_cut_short_is_the_one_full_name_it_opens():
    groups = _groups("Anies", "Anies Baswedan", "Anies Baswedan", "Budi Karya", "Budi Karya Sumadi")
    assert groups == {"Anies": "Anies Baswedan", "Anies Baswedan": "Anies Baswedan",
                      "Budi Karya": "Budi Karya Sumadi", "Budi Karya Sumadi": "Budi Karya Sumadi"}


def test_a_form_two_full_names_share_stays_as_written():
    assert _groups("Agus", "Agus Rahardjo", "Agus Wibowo")["Agus"] == "Agus"


def test_the_full_name_must_be_quoted_at_least_as_often():
    # one quote of "Syarif Fasha" does not make the 5 quotes of "Syarif" his
    assert _groups(*["Syarif"] * 5, "Syarif Fasha")["Syarif"] == "Syarif"


def test_a_surname_alone_needs_a_full_name_quoted_twice_as_often():
    # "Habibie" (the former president) is not his son "Thareq Kemal Habibie", quoted a little more
    assert _groups(*["Habibie"] * 3, *["Thareq Kemal Habibie"] * 4)["Habibie"] == "Habibie"
    assert _groups("Pudjiastuti", "Susi Pudjiastuti", "Susi Pudjiastuti")["Pudjiastuti"] == "Susi Pudjiastuti"


def test_a_name_a_rarer_longer_name_ends_with_stays_apart():
    # his wife "Iriana Joko Widodo" is not "Joko Widodo", nor the reverse
    groups = _groups(*["Joko Widodo"] * 5, "Iriana Joko Widodo")
    assert groups == {"Joko Widodo": "Joko Widodo", "Iriana Joko Widodo": "Iriana Joko Widodo"}


def test_a_word_run_on_after_a_name_quoted_more_often_is_that_name():
    groups = _groups("Sri Mulyani", "Sri Mulyani", "Sri Mulyani Indrawati", "Fahri", "Fahri Hamzah", "Fahri Hamzah",
                     "Fahri Hamzah Ungkap")
    assert groups["Sri Mulyani Indrawati"] == "Sri Mulyani" and groups["Fahri Hamzah Ungkap"] == "Fahri Hamzah"
    assert groups["Fahri"] == "Fahri Hamzah"


def test_a_role_before_a_person_of_the_corpus_is_left_out_but_an_office_stays():
    groups = _groups("Presiden Jokowi", "Jokowi", "Gubernur Anies", "Anies", "Anies Baswedan", "Anies Baswedan",
                     "Wakil Gubernur Jawa Barat", "Anggota DPR", "DPR", "Wakil Ketua", "Ketua", "Ratu Elizabeth",
                     "Elizabeth Warren", "Bupati Abdul Malik", "Abdul Malik", "Gubernur Budiyanto", "Budiyanto")
    assert groups["Presiden Jokowi"] == "Jokowi" and groups["Gubernur Anies"] == "Anies Baswedan"
    # a place or institution word inside a name is no office ("Malik" holds "Mali", "Budiyanto" "DIY")
    assert groups["Bupati Abdul Malik"] == "Abdul Malik" and groups["Gubernur Budiyanto"] == "Budiyanto"
    # the rest must be written alone too: "Elizabeth" is not written, so the queen is not Elizabeth Warren
    assert groups["Ratu Elizabeth"] == "Ratu Elizabeth"
    assert groups["Wakil Gubernur Jawa Barat"] == "Wakil Gubernur Jawa Barat"
    assert groups["Anggota DPR"] == "Anggota DPR" and groups["Wakil Ketua"] == "Wakil Ketua"


def test_a_short_form_of_an_actor_is_counted_under_the_gazetteer_s_name():
    quotes = pd.DataFrame({"speaker": ["Sergei", "Sergei Lavrov", "Sergei Lavrov"], "speaker_type": "person",
                           "actor": ["", "Sergey Lavrov", "Sergey Lavrov"]})
    assert set(speaker_groups(quotes)) == {"Sergey Lavrov"}


def test_a_form_longer_names_share_is_the_one_that_holds_nine_in_ten_of_their_quotes():
    # "Ahmad" is not "Ahmad Riza Patria" because "Ahmad Yani" is quoted too (3 and 1 quotes)
    assert _groups("Ahmad", *["Ahmad Riza Patria"] * 3, "Ahmad Yani")["Ahmad"] == "Ahmad"
    # a headline read as a name once ("Anies Rilis Program") does not keep "Anies" apart
    assert _groups(*["Anies"] * 3, *["Anies Baswedan"] * 20, "Anies Rilis Program")["Anies"] == "Anies Baswedan"
    # 63 and 12 quotes: "Joko" may be either
    assert _groups(*["Joko"] * 4, *["Joko Widodo"] * 63, *["Joko Anwar"] * 12)["Joko"] == "Joko"


def test_several_persons_written_as_one_speaker_are_no_one_s_longer_name():
    groups = _groups("Riza", "Anies dan Riza", "Anies dan Riza", "Prabowo", *["Prabowo Subianto"] * 20,
                     "Jokowi dan Prabowo", "Jokowi dan Prabowo", "Anies, Ganjar, dan Prabowo")
    assert groups["Riza"] == "Riza" and groups["Anies dan Riza"] == "Anies dan Riza"
    assert groups["Prabowo"] == "Prabowo Subianto"


def test_a_role_word_inside_a_name_is_no_office():
    assert _groups("Menteri Lukman Hakim", "Lukman Hakim")["Menteri Lukman Hakim"] == "Lukman Hakim"


def test_the_gazetteer_wins_and_other_speakers_keep_their_form():
    quotes = pd.DataFrame({"speaker": ["AS", "Kirby", "KPK", None, "Jokowi"],
                           "speaker_type": ["organisation", "person", "organisation", "anonymous", "person"],
                           "actor": ["Amerika Serikat", "John Kirby", "", None, ""]})
    groups = speaker_groups(quotes)
    assert groups.iloc[:3].tolist() == ["Amerika Serikat", "John Kirby", "KPK"]
    assert pd.isna(groups.iloc[3]) and groups.iloc[4] == "Jokowi"


def test_forms_with_other_spacing_are_one_and_the_order_of_rows_changes_nothing():
    speakers = ["Anies", "Anies  Baswedan", " Anies Baswedan", "Yasonna", "Yasonna Laoly", "Agus", "Agus Wibowo",
                "Agus Rahardjo"] * 3
    quotes = pd.DataFrame({"speaker": speakers, "speaker_type": "person", "actor": ""})
    groups = speaker_groups(quotes)
    assert set(groups[quotes["speaker"].str.contains("Anies")]) == {"Anies Baswedan"}
    order = np.random.default_rng(0).permutation(len(quotes))
    assert speaker_groups(quotes.iloc[order]).tolist() == groups.iloc[order].tolist()


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="speaker_groups: quotes lacks column 'actor'"):
        speaker_groups(pd.DataFrame({"speaker": ["A"], "speaker_type": ["person"]}))


def _nicknamed(speakers, docs, nicknames) -> list:
    quotes = pd.DataFrame({"doc_id": docs, "speaker": speakers, "speaker_type": "person", "actor": ""})
    defined = pd.DataFrame(nicknames, columns=["doc_id", "nickname", "name"])
    return speaker_groups(quotes, defined).tolist()


def test_a_nickname_the_corpus_defines_is_the_name_in_every_document():
    groups = _nicknamed(["Jokowi", "Presiden Jokowi", "Joko Widodo", "Pak Jokowi", "Jokowi Mania", "Keputusan Jokowi"],
                        ["a", "b", "c", "d", "e", "f"], [("c", "Jokowi", "Joko Widodo"), ("x", "Jokowi", "Joko Widodo")])
    # headlines read as names ("Jokowi Mania", "Keputusan Jokowi") are no other person named Jokowi
    assert groups == ["Joko Widodo"] * 4 + ["Jokowi Mania", "Keputusan Jokowi"]


def test_a_nickname_another_person_of_the_corpus_bears_is_the_name_only_where_defined():
    groups = _nicknamed(["Iwan", "Iwan", "Iwan Setiawan", "Iwan Fals"], ["a", "b", "c", "d"],
                        [("a", "Iwan", "Helmi Kurniawan")])
    assert groups == ["Helmi Kurniawan", "Iwan", "Iwan Setiawan", "Iwan Fals"]
    # where the document defines it, before the other rules ("Iwan" alone would join "Iwan Setiawan")
    assert _nicknamed(["Iwan", "Iwan Setiawan"], ["a", "c"], [("a", "Iwan", "Helmi Kurniawan")]) == \
        ["Helmi Kurniawan", "Iwan Setiawan"]


def test_a_nickname_defined_for_two_names_is_the_name_only_where_defined():
    defined = [("a", "Enji", "Hendri Baskoro"), ("b", "Enji", "Ahmad Sutanto")]
    assert _nicknamed(["Enji", "Enji", "Enji"], ["a", "b", "c"], defined) == ["Hendri Baskoro", "Ahmad Sutanto", "Enji"]
    nine = [(f"d{i}", "Enji", "Hendri Baskoro") for i in range(9)] + [("b", "Enji", "Ahmad Sutanto")]
    assert _nicknamed(["Enji", "Enji", "Enji"], ["d0", "b", "c"], nine) == \
        ["Hendri Baskoro", "Ahmad Sutanto", "Hendri Baskoro"]  # nine in ten: across the corpus


def test_a_nickname_joins_the_group_of_its_name_and_the_gazetteer_wins():
    groups = _nicknamed(["Bamsoet", "Bambang Soesatyo Mengatakan", "Bambang Soesatyo", "Bambang Soesatyo"],
                        ["a", "b", "c", "d"], [("a", "Bamsoet", "Bambang Soesatyo Mengatakan")])
    assert groups == ["Bambang Soesatyo"] * 4
    quotes = pd.DataFrame({"doc_id": ["a", "b"], "speaker": ["Obama", "Barack Obama"], "speaker_type": "person",
                           "actor": ["", "Barack Obama"]})
    assert speaker_groups(quotes, pd.DataFrame({"doc_id": ["a"], "nickname": ["Obama"],
                                                "name": ["Barack Obama"]})).tolist() == ["Barack Obama"] * 2


def test_a_nickname_one_document_defines_is_the_name_in_that_document_only():
    # "Jenny" defined for a suspect in one article is not the Jenny of another
    groups = _nicknamed(["Jenny", "Jenny"], ["a", "b"], [("a", "Jenny", "Willi Yana Suswanti")])
    assert groups == ["Willi Yana Suswanti", "Jenny"]


def test_an_honorific_of_address_is_left_out_where_the_rest_is_counted_under_a_full_name():
    groups = _groups("Pak Saut", "Saut", "Saut Situmorang", "Saut Situmorang", "Saut Situmorang", "Bu Risma")
    assert groups["Pak Saut"] == "Saut Situmorang"
    assert groups["Bu Risma"] == "Bu Risma"  # only where the rest is written as a speaker too
    # "Seto" alone may be another Seto; "Gus Soleh" stays with "Gus Soleh Marzuki", not "Soleh"
    assert _groups("Kak Seto", "Seto")["Kak Seto"] == "Kak Seto"
    groups = _groups("Gus Soleh", "Gus Soleh", "Gus Soleh Marzuki", "Soleh")
    assert groups["Gus Soleh Marzuki"] == "Gus Soleh" and groups["Gus Soleh"] == "Gus Soleh"
    # an honorific that is part of a name, or makes it another person's, stays
    groups = _groups("Bung Hatta", "Hatta", "Hatta Rajasa", "Hatta Rajasa", "Cut Meutia", "Meutia Hafid")
    assert (groups["Bung Hatta"], groups["Cut Meutia"]) == ("Bung Hatta", "Cut Meutia")


def test_nicknames_without_doc_ids_are_refused_with_the_column_named():
    with pytest.raises(ValueError, match="speaker_groups: quotes lacks column 'doc_id'"):
        speaker_groups(pd.DataFrame({"speaker": ["A"], "speaker_type": ["person"], "actor": [""]}),
                       pd.DataFrame({"doc_id": [], "nickname": [], "name": []}))


def test_middle_names_written_out_as_initials_or_left_out_are_one_person():
    groups = _groups(*["Laode M Syarif"] * 3, *["Laode Muhammad Syarif"] * 2, "Laode Syarif", "Laode Kamal Syarif")
    assert groups["Laode Muhammad Syarif"] == "Laode M Syarif"  # the most quotes, then the most words
    # a form that fits only spellings of one set joins it ("Muhamad" and "Muhammad" are no initials of each other)
    groups = _groups(*["Laode M Syarif"] * 3, "Laode Muhammad Syarif", "Laode Muhamad Syarif", "Laode Syarif")
    assert set(groups.values()) == {"Laode M Syarif"}
    groups = _groups(*["Laode M Syarif"] * 3, *["Laode Muhammad Syarif"] * 2, "Laode Syarif", "Laode Kamal Syarif")
    # a form that fits two persons (M and Kamal are not one middle name) stays as written
    assert (groups["Laode Syarif"], groups["Laode Kamal Syarif"]) == ("Laode Syarif", "Laode Kamal Syarif")
    groups = _groups("Agus Rahardjo", "Agus Budi Rahardjo", "Agus Budi Rahardjo", "Agus Wibowo", "Wibowo Rahardjo")
    assert groups == {"Agus Rahardjo": "Agus Budi Rahardjo", "Agus Budi Rahardjo": "Agus Budi Rahardjo",
                      "Agus Wibowo": "Agus Wibowo", "Wibowo Rahardjo": "Wibowo Rahardjo"}
    assert _groups("Agus Rahardjo", "Agus Rahardjo", "Agus Budi Rahardjo")["Agus Budi Rahardjo"] == "Agus Rahardjo"


def test_a_middle_name_variant_takes_part_in_the_other_rules():
    # "Presiden Laode Syarif" loses its role, joins "Laode M Syarif", and a nickname of the full form counts there
    groups = _nicknamed(["Presiden Laode Syarif", "Laode Syarif", "Laode M Syarif", "Laode M Syarif", "Ode"],
                        ["a", "b", "c", "e", "d"],
                        [("x", "Ode", "Laode Muhammad Syarif"), ("y", "Ode", "Laode Muhammad Syarif")])
    assert groups == ["Laode M Syarif"] * 5
    # a form that opens a variant merged into another is counted there too
    groups = _groups("Eva Kusuma", "Eva Kusuma Sundari", "Eva Sundari", "Eva Sundari")
    assert set(groups.values()) == {"Eva Sundari"}


def test_the_i_or_ni_opening_a_balinese_name_is_left_out_where_the_rest_is_written_too():
    """"I Ketut Diarmita" and "Ketut Diarmita" are one person (the I or Ni marks a Balinese name,
    before a birth-order name or title); not where only the form with I is written, nor before a
    word that is no Balinese name ("I Budi Santoso" is left as it is), nor a name of two words."""
    quotes = pd.DataFrame({"speaker": ["I Ketut Diarmita", "Ketut Diarmita", "Diarmita", "I Made Rentin",
                                       "Ni Putu Eka Wiryastuti", "Putu Eka Wiryastuti", "I Budi Santoso",
                                       "Budi Santoso", "I Nyoman", "Nyoman"],
                           "speaker_type": ["person"] * 10, "actor": [""] * 10})
    assert speaker_groups(quotes).tolist() == [
        "Ketut Diarmita", "Ketut Diarmita", "Ketut Diarmita", "I Made Rentin", "Putu Eka Wiryastuti",
        "Putu Eka Wiryastuti", "I Budi Santoso", "Budi Santoso", "I Nyoman", "Nyoman"]
    # a man (I) and a woman (Ni) of the same given names are two persons, whoever the form without is
    both = pd.DataFrame({"speaker": ["I Putu Eka Sari", "Ni Putu Eka Sari", "Putu Eka Sari"],
                         "speaker_type": ["person"] * 3, "actor": [""] * 3})
    assert speaker_groups(both).tolist() == ["I Putu Eka Sari", "Ni Putu Eka Sari", "Putu Eka Sari"]
