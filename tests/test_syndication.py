"""Syndication: near-copies found (exact, edited dateline, paragraph dropped or added, words
changed), unrelated articles not paired, ``earlier``, clusters and wire dependence, and the
same tables for the same input in any row order; the pieces (sketches, LSH candidates, exact
Jaccard) give the same pairs when run apart on batches, and datasketch's LSH candidates."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis.syndication import (CLUSTER_COLUMNS, PAIR_COLUMNS, SEED, WIRE_COLUMNS, candidate_pairs, clusters,
                                  jaccard, near_copies, pair_table, sketch, wire_dependence)

PARAGRAPHS = [
    "Amerika Serikat, Jepang, dan Korea Selatan mengeluarkan pernyataan bersama pada tanggal 25 Oktober "
    "yang mengecam penyediaan senjata oleh Korea Utara kepada Rusia untuk perangnya di Ukraina.",
    "“Pengiriman senjata semacam itu, yang beberapa di antaranya kini kami konfirmasi telah selesai, akan "
    "secara signifikan meningkatkan jumlah korban jiwa dalam perang agresi Rusia,” bunyi pernyataan itu.",
    "Pernyataan tersebut disampaikan oleh para menteri luar negeri ketiga negara setelah pertemuan di "
    "Washington yang membahas keamanan kawasan dan kerja sama pertahanan jangka panjang.",
    "Pemerintah Korea Utara belum memberikan tanggapan resmi atas tuduhan itu, sementara Moskow menyebut "
    "laporan tersebut sebagai bagian dari kampanye informasi negara-negara Barat terhadap Rusia.",
    "Para analis menilai kerja sama militer kedua negara semakin erat sejak pertemuan puncak di Vladivostok "
    "pada bulan September dan dapat mengubah keseimbangan kekuatan di Semenanjung Korea.",
]
ORIGINAL = "\n\n".join(PARAGRAPHS)
UNRELATED = [
    "Harga cabai rawit di pasar induk Kramat Jati naik tajam menjelang akhir pekan karena pasokan dari "
    "sentra produksi di Jawa Tengah berkurang akibat hujan deras yang melanda sejak awal bulan.",
    "Tim nasional sepak bola Indonesia menang dua gol tanpa balas atas Brunei dalam laga kualifikasi Piala "
    "Dunia yang berlangsung di Stadion Utama Gelora Bung Karno pada Kamis malam.",
    "Pemerintah provinsi meluncurkan program beasiswa bagi ribuan pelajar dari keluarga kurang mampu yang "
    "akan disalurkan melalui sekolah negeri dan swasta mulai tahun ajaran baru mendatang.",
]


def _edited(words_changed: dict[str, str]) -> str:
    text = ORIGINAL
    for old, new in words_changed.items():
        text = text.replace(old, new, 1)
    return text


COPIES = {
    "exact": ORIGINAL,
    "dateline": "Bisnis.com, JAKARTA - " + ORIGINAL,
    "dropped": "\n\n".join(PARAGRAPHS[:2] + PARAGRAPHS[3:]),
    "added": ORIGINAL + "\n\nSimak berita lainnya seputar konflik Rusia dan Ukraina di kanal internasional kami.",
    "words": _edited({"mengecam": "mengkritik", "konfirmasi": "pastikan", "Washington": "New York"}),
}


@pytest.fixture
def corpus():
    ids = ["orig"] + list(COPIES) + [f"other{i}" for i in range(len(UNRELATED))]
    outlets = ["Reuters"] + ["Kompas", "Tempo", "Bisnis.com", "Tempo", "Okezone"] + ["Kompas", "Tempo", "Okezone"]
    texts = pd.DataFrame({"doc_id": ids, "outlet": outlets, "text": [ORIGINAL] + list(COPIES.values()) + UNRELATED})
    published = ["2024-01-10T08:00:00+07:00", "2024-01-10T09:00:00+07:00", "2024-01-10T02:30:00Z",
                 "", "2024-01-11T10:00:00+07:00", "2024-01-10T10:15:00+07:00", "", "", ""]
    documents = texts[["doc_id", "outlet"]].assign(
        published=published, credited_sources=["", "REUTERS", "", "", "", "", "ANTARA", "", ""])
    return texts, documents


def _jaccard(a: str, b: str, k: int = 5) -> float:
    import regex

    def shingles(text):
        words = regex.findall(r"[\p{L}\p{N}]+", text.lower())
        return {tuple(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}
    left, right = shingles(a), shingles(b)
    return len(left & right) / len(left | right)


def test_every_kind_of_copy_is_found_and_unrelated_articles_are_not(corpus):
    texts, documents = corpus
    pairs = near_copies(texts, documents)
    assert list(pairs.columns) == PAIR_COLUMNS
    with_original = set(pairs.loc[pairs["doc_id"].eq("orig"), "other_doc_id"]) | \
        set(pairs.loc[pairs["other_doc_id"].eq("orig"), "doc_id"])
    assert with_original == set(COPIES)
    named = set(pairs["doc_id"]) | set(pairs["other_doc_id"])
    assert not any(name.startswith("other") for name in named)
    assert len(pairs) == 15  # the original and its five copies: every pair of the six
    assert (pairs["doc_id"] < pairs["other_doc_id"]).all()


def test_similarity_is_the_exact_shingle_jaccard(corpus):
    texts, documents = corpus
    by_id = texts.set_index("doc_id")["text"]
    for row in near_copies(texts, documents).itertuples():
        assert row.similarity == pytest.approx(_jaccard(by_id[row.doc_id], by_id[row.other_doc_id]), abs=1e-12)
    exact = near_copies(texts, documents).query("doc_id == 'exact' and other_doc_id == 'orig'")
    assert exact["similarity"].tolist() == [1.0]


def test_earlier_is_the_first_published_when_both_dates_are_known(corpus):
    texts, documents = corpus
    pairs = near_copies(texts, documents).set_index(["doc_id", "other_doc_id"])["earlier"]
    assert pairs[("exact", "orig")] == "orig"          # 09:00 vs 08:00 (+07:00)
    assert pairs[("dateline", "orig")] == "orig"       # 02:30Z is 09:30 +07:00
    assert pairs[("dropped", "orig")] == ""            # no date for "dropped"
    assert pairs[("added", "exact")] == "exact"
    assert near_copies(texts)["earlier"].eq("").all()  # no documents: no dates


def test_earlier_compares_in_utc():
    texts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"], "text": [ORIGINAL] * 3})
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "published": [
        "2024-01-10T08:00:00+07:00", "2024-01-10T00:30:00Z", "2024-01-10T01:00:00Z"]})
    pairs = near_copies(texts, documents).set_index(["doc_id", "other_doc_id"])["earlier"]
    assert pairs[("a", "b")] == "b"   # 08:00 +07:00 is 01:00Z, after 00:30Z
    assert pairs[("b", "c")] == "b"
    assert pairs[("a", "c")] == ""    # the same instant


def test_output_is_the_same_across_runs_and_row_orders(corpus):
    texts, documents = corpus
    first = near_copies(texts, documents).to_csv(index=False)
    assert near_copies(texts, documents).to_csv(index=False) == first
    shuffled = texts.sample(frac=1, random_state=3).reset_index(drop=True)
    assert near_copies(shuffled, documents.iloc[::-1]).to_csv(index=False) == first
    pairs = near_copies(texts, documents)
    assert clusters(pairs.iloc[::-1], documents.sample(frac=1, random_state=1)).to_csv(index=False) == \
        clusters(pairs, documents).to_csv(index=False)


def test_clusters_name_the_first_publisher_and_the_lag(corpus):
    texts, documents = corpus
    table = clusters(near_copies(texts, documents), documents)
    assert list(table.columns) == CLUSTER_COLUMNS
    assert len(table) == 1
    row = table.iloc[0]
    assert row["cluster"] == 1 and row["size"] == 6
    assert row["first_doc_id"] == "orig" and row["first_outlet"] == "Reuters"
    assert row["first_published"] == "2024-01-10T08:00:00+07:00"
    assert row["last_published"] == "2024-01-11T10:00:00+07:00"
    assert row["lag_hours"] == 26.0
    assert row["doc_ids"].split("; ")[:2] == ["orig", "exact"] and row["doc_ids"].endswith("dropped")
    assert row["outlets"].split("; ")[0] == "Reuters"


def test_clusters_are_numbered_by_size_then_first_member():
    pairs = pd.DataFrame({"doc_id": ["p", "a", "b"], "outlet": ["X", "X", "Y"],
                          "other_doc_id": ["q", "b", "c"], "other_outlet": ["Y", "Y", "Z"]})
    table = clusters(pairs)
    assert table["doc_ids"].tolist() == ["a; b; c", "p; q"]
    assert table["first_doc_id"].tolist() == ["", ""] and table["lag_hours"].isna().all()
    empty = clusters(pairs.iloc[:0])
    assert list(empty.columns) == CLUSTER_COLUMNS and empty.empty


def test_each_cluster_gets_its_own_first_publisher_lag_and_outlets():
    """Several clusters at once: all dated, one dated member, none dated; an outlet twice."""
    pairs = pd.DataFrame({"doc_id": ["a1", "a2", "b1", "c1", "c2"], "outlet": ["X", "Y", "X", "Z", "Z"],
                          "other_doc_id": ["a2", "a3", "b2", "c2", "c3"], "other_outlet": ["Y", "X", "Y", "Z", "Y"]})
    documents = pd.DataFrame({"doc_id": ["a1", "a2", "a3", "b2"], "published": [
        "2024-01-10T12:00:00+07:00", "2024-01-10T03:00:00Z", "2024-01-10T09:30:00+07:00", "2024-02-01"]})
    table = clusters(pairs, documents).set_index("doc_ids")
    assert table.index.tolist() == ["a3; a2; a1", "c1; c2; c3", "b2; b1"]  # 02:30Z, 03:00Z, 05:00Z
    assert table["cluster"].tolist() == [1, 2, 3] and table["size"].tolist() == [3, 3, 2]
    assert table["outlets"].tolist() == ["X; Y", "Z; Y", "Y; X"]
    assert table["first_doc_id"].tolist() == ["a3", "", "b2"]
    assert table["first_outlet"].tolist() == ["X", "", "Y"]
    assert table["first_published"].tolist() == ["2024-01-10T09:30:00+07:00", "", "2024-02-01"]
    assert table["last_published"].tolist() == ["2024-01-10T12:00:00+07:00", "", "2024-02-01"]
    assert table["lag_hours"].iloc[0] == 2.5 and table["lag_hours"].iloc[1:].isna().all()


def test_wire_dependence_counts_wires_and_copies_of_earlier_articles(corpus):
    texts, documents = corpus
    table = wire_dependence(documents, near_copies(texts, documents)).set_index("outlet")
    assert list(table.reset_index().columns) == WIRE_COLUMNS
    # Kompas: exact (credits REUTERS; copy of orig, published later) and other0 (credits ANTARA)
    assert table.loc["Kompas"].tolist() == [2, 2, 1, 2, 1.0]
    # Reuters published first: never a copy
    assert table.loc["Reuters", "copied"] == 0
    # Tempo: dateline (earlier than its copies but later than orig: a copy), added (later), other1
    assert table.loc["Tempo"].tolist() == [3, 0, 2, 2, 2 / 3]
    # Okezone: words (10:15, after orig), other2
    assert table.loc["Okezone"].tolist() == [2, 0, 1, 1, 0.5]
    assert table.loc["Bisnis.com"].tolist() == [1, 0, 0, 0, 0.0]  # no date: not known to copy


def test_copies_within_one_outlet_are_pairs_but_not_copies_of_another_outlet():
    texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "text": [ORIGINAL, ORIGINAL]})
    documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "credited_sources": ["", ""],
                              "published": ["2024-01-10", "2024-01-11"]})
    pairs = near_copies(texts, documents)
    assert pairs[["doc_id", "other_doc_id", "earlier"]].values.tolist() == [["a", "b", "a"]]
    assert wire_dependence(documents, pairs)["copied"].tolist() == [0]


def test_threshold_and_short_or_empty_texts():
    texts = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "Z", "Z"],
                          "text": ["Banjir Jakarta", "banjir, JAKARTA!", "", None]})
    pairs = near_copies(texts)
    assert pairs[["doc_id", "other_doc_id", "similarity"]].values.tolist() == [["a", "b", 1.0]]
    words = _edited({"mengecam": "mengkritik", "konfirmasi": "pastikan", "Washington": "New York"})
    both = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": [ORIGINAL, words]})
    similarity = _jaccard(ORIGINAL, words)
    assert len(near_copies(both, threshold=similarity)) == 1
    assert near_copies(both, threshold=min(1.0, similarity + 1e-9)).empty


@pytest.mark.parametrize("call, message", [
    (lambda: near_copies(pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
     "near_copies: texts lacks column 'outlet'"),
    (lambda: near_copies(pd.DataFrame({"doc_id": ["a"], "outlet": [""], "text": ["x"]}),
                         pd.DataFrame({"doc_id": ["a"]})),
     "near_copies: documents lacks column 'published'"),
    (lambda: clusters(pd.DataFrame({"doc_id": ["a"]})), "clusters: pairs lacks columns"),
    (lambda: wire_dependence(pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]}), pd.DataFrame()),
     "wire_dependence: documents lacks column 'credited_sources'"),
    (lambda: near_copies(pd.DataFrame({"doc_id": ["a", "a"], "outlet": ["", ""], "text": ["x", "y"]})),
     "duplicate doc_id 'a'"),
    (lambda: near_copies(pd.DataFrame({"doc_id": ["a"], "outlet": [""], "text": ["x"]}), threshold=0),
     "threshold must be in (0, 1]"),
])
def test_bad_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert message in str(error.value)


def test_many_documents_of_mixed_lengths_agree_with_brute_force():
    rng = np.random.default_rng(5)
    vocabulary = np.array([f"kata{i}" for i in range(400)])
    base = [" ".join(rng.choice(vocabulary, size=rng.integers(20, 200))) for _ in range(40)]
    variants = []
    for i, text in enumerate(base[:20]):
        words = text.split()
        cut = rng.integers(0, len(words) // 3)
        variants.append(" ".join(words[cut:]))
    all_texts = base + variants
    texts = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(all_texts))], "outlet": "X", "text": all_texts})
    found = {(r.doc_id, r.other_doc_id) for r in near_copies(texts).itertuples()}
    truth = {(f"d{i:03d}", f"d{j:03d}") for i in range(len(all_texts)) for j in range(i + 1, len(all_texts))
             if _jaccard(all_texts[i], all_texts[j]) >= 0.5}
    assert found <= truth and len(found) >= 0.95 * len(truth)


def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The most rows per band that miss a pair at ``threshold`` with probability <= 1% (the
    module's rule, written out)."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands < 0.99:
            break
        best = (bands, rows)
    return best


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8, 0.95])
def test_candidate_pairs_are_those_of_datasketch_lsh(threshold):
    """The numpy banding gives exactly the candidates of ``datasketch.MinHashLSH`` (few distinct
    values, so that bands collide often; rows left out by ``usable`` are never paired)."""
    from datasketch import LeanMinHash, MinHashLSH

    rng = np.random.default_rng(11)
    signatures = rng.integers(0, 3, size=(300, 16)).astype(np.uint32)
    signatures[rng.choice(300, 40)] = signatures[rng.choice(300, 40)]  # some exact copies too
    usable = rng.random(300) > 0.1
    lsh = MinHashLSH(num_perm=16, params=_lsh_bands(threshold, 16))
    hashes = {i: LeanMinHash(seed=SEED, hashvalues=signatures[i].astype(np.uint64)) for i in np.flatnonzero(usable)}
    for i, minhash in hashes.items():
        lsh.insert(int(i), minhash, check_duplication=False)
    expected = sorted((i, j) for i, minhash in hashes.items() for j in lsh.query(minhash) if j > i)
    found = candidate_pairs(signatures, threshold, usable)
    assert [tuple(p) for p in found.tolist()] == expected and len(expected) > 20


def test_signatures_are_those_of_datasketch_minhash():
    """Each text's signature is datasketch's ``MinHash`` (same seed and permutations) updated
    with the text's shingle hashes (their upper 32 bits as the hash): texts of every size, in
    blocks of many texts, one text longer than a block, and a text without shingles."""
    from datasketch import MinHash

    rng = np.random.default_rng(5)
    words = [f"kata{i}" for i in range(400)]
    lengths = [0, 3, 7, 12000] + rng.integers(5, 300, size=60).tolist()
    texts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(lengths))], "outlet": "X",
                          "text": [" ".join(rng.choice(words, size=n)) for n in lengths]})
    sketched = sketch(texts, num_perm=64)
    for i in range(len(texts)):
        minhash = MinHash(num_perm=64, seed=SEED, hashfunc=lambda value: int(value) >> 32)
        minhash.update_batch(sketched.hashes[sketched.offsets[i]:sketched.offsets[i + 1]].tolist())
        assert sketched.signatures[i].tolist() == minhash.hashvalues.tolist(), texts["doc_id"][i]
    assert sketched.sizes()[0] == 0 and sketched.sizes()[3] > 8192


def test_threshold_one_finds_exact_copies_only(corpus):
    """One band of all rows (datasketch's LSH refuses fewer than two bands): identical shingle sets."""
    texts, documents = corpus
    pairs = near_copies(texts, documents, threshold=1)
    assert pairs[["doc_id", "other_doc_id", "similarity"]].values.tolist() == [["exact", "orig", 1.0]]


def test_jaccard_is_that_of_the_sets_whatever_the_order_and_repeats():
    rng = np.random.default_rng(2)
    sets = [rng.integers(0, 60, size=rng.integers(1, 80)).astype(np.uint64) for _ in range(50)]
    hashes, offsets = np.concatenate(sets), np.r_[0, np.cumsum([len(s) for s in sets])]
    pairs = np.array([(i, j) for i in range(50) for j in range(i + 1, 50)])
    expected = [len(set(sets[i]) & set(sets[j])) / len(set(sets[i]) | set(sets[j])) for i, j in pairs]
    assert jaccard(pairs, hashes, offsets).tolist() == expected
    assert jaccard(pairs[:0], hashes, offsets).tolist() == []


def test_jaccard_of_verbatim_copies_and_of_texts_that_only_look_like_them():
    """Copies word for word take a shortcut (the same hashes in the same order): it must not
    take texts with the same number and sum of hashes, the same hashes in another order, or
    copies of an empty text."""
    rng = np.random.default_rng(5)
    base = [rng.integers(0, 40, size=rng.integers(1, 30)).astype(np.uint64) for _ in range(8)]
    sets = [*base, *base[:5], base[0][::-1], base[1][::-1].copy(), np.array([1, 4], dtype=np.uint64),
            np.array([2, 3], dtype=np.uint64), np.array([2, 3], dtype=np.uint64),
            np.array([], dtype=np.uint64), np.array([], dtype=np.uint64),
            np.array([2 ** 64 - 1, 2 ** 64 - 1], dtype=np.uint64), np.array([2 ** 64 - 2, 0], dtype=np.uint64)]
    hashes, offsets = np.concatenate(sets), np.r_[0, np.cumsum([len(s) for s in sets])]
    pairs = np.array([(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))])
    expected = [len(set(sets[i]) & set(sets[j])) / len(set(sets[i]) | set(sets[j]))
                if len(sets[i]) or len(sets[j]) else None for i, j in pairs]
    got = jaccard(pairs, hashes, offsets)
    assert [None if np.isnan(g) else g for g in got.tolist()] == expected
    shuffled = rng.permutation(len(pairs))
    assert np.array_equal(jaccard(pairs[shuffled], hashes, offsets), got[shuffled], equal_nan=True)


def test_jaccard_of_no_pairs_reads_no_hashes():
    assert jaccard(np.empty((0, 2), dtype=np.int64), [-1, 2], [0, 1, 2]).tolist() == []


def test_odd_ids_and_outlets_in_the_tables_of_pairs():
    """Ids that are not strings or are missing, and outlets read back empty from a CSV: the
    doc_id lookups leave out what is not a string (as pandas' ``isin`` does), a missing outlet
    is "" as written, and a pair without a doc_id is refused by name."""
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "Y", "Z"],
                         "credited_sources": [""] * 4})
    pairs = pd.DataFrame({"doc_id": ["a", "c"], "outlet": ["X", "Y"], "other_doc_id": ["b", None],
                          "other_outlet": ["Y", "Z"], "earlier": ["a", "c"]})
    assert wire_dependence(docs, pairs)[["outlet", "copied"]].values.tolist() == [["X", 0], ["Y", 1], ["Z", 0]]
    dated = pd.DataFrame({"doc_id": ["1", "2", "3"], "published": ["2024-01-01T00:00:00+07:00"] * 3})
    table = pair_table([1, 2, 3], ["X", "Y", "Z"], np.array([[0, 1], [1, 2]]), np.array([0.9, 0.8]), dated)
    assert table["earlier"].tolist() == ["", ""]
    written = pd.DataFrame({"doc_id": ["a", "c"], "outlet": ["X", ""], "other_doc_id": ["b", "d"],
                            "other_outlet": ["Y", "Z"]})
    read_back = pd.read_csv(io.StringIO(written.to_csv(index=False)))
    assert read_back["outlet"].isna().any()
    assert clusters(read_back)[["doc_ids", "outlets"]].values.tolist() == [["a; b", "X; Y"], ["c; d", "; Z"]]
    assert clusters(read_back).to_csv(index=False) == clusters(written).to_csv(index=False)
    with pytest.raises(ValueError, match="missing values in doc_id"):
        clusters(written.assign(doc_id=["a", None]))


def test_jaccard_of_long_copies_compared_in_several_blocks():
    """Texts of 1.5 million shingles: the copies are compared across blocks of hashes."""
    rng = np.random.default_rng(6)
    text = rng.integers(0, 2 ** 63, size=1_500_000).astype(np.uint64)
    swapped = text.copy()
    swapped[[10, 1_000_000]] = swapped[[1_000_000, 10]]
    other = text.copy()
    other[-1] = 7
    sets = [text, other, text, swapped, text]
    hashes, offsets = np.concatenate(sets), np.r_[0, np.cumsum([len(s) for s in sets])]
    pairs = np.array([(i, j) for i in range(5) for j in range(i + 1, 5)])
    one_off = (len(text) - 1) / (len(text) + 1)
    expected = [1.0 if 1 not in (i, j) else one_off for i, j in pairs]
    assert jaccard(pairs, hashes, offsets).tolist() == expected


@pytest.mark.parametrize("batch", [1, 2, 4])
def test_sketches_of_batches_give_the_pairs_of_the_whole(corpus, batch):
    """Sketch batch by batch, stack, candidates over all, Jaccard of the pairs: the table of
    ``near_copies`` (pairs whose documents fall into different batches included)."""
    texts, documents = corpus
    texts = texts.sample(frac=1, random_state=batch).reset_index(drop=True)
    parts = [sketch(texts.iloc[i:i + batch]) for i in range(0, len(texts), batch)]
    sizes = np.concatenate([p.sizes() for p in parts])
    offsets = np.r_[0, np.cumsum(sizes)]
    pairs = candidate_pairs(np.vstack([p.signatures for p in parts]), 0.5, sizes > 0)
    similarity = jaccard(pairs, np.concatenate([p.hashes for p in parts]), offsets)
    table = pair_table(np.concatenate([p.doc_ids for p in parts]), np.concatenate([p.outlets for p in parts]),
                       pairs, similarity, documents, 0.5)
    assert table.to_csv(index=False) == near_copies(texts, documents).to_csv(index=False)
    assert len(table) == 15


def test_the_words_of_a_text_do_not_depend_on_which_separators_part_them():
    """A word is a run of letters and digits, whatever separates it from the next: texts whose
    spaces are written as tabs, line breaks, punctuation or runs of spaces, or that start and end
    with separators, have the very shingles and signatures of the text with single spaces."""
    import re

    words = re.findall(r"[^\W_]+", ORIGINAL + " Ünïcödé 2024 ça")
    plain = " ".join(words)
    variants = ["\t".join(words), "\n".join(words), ", ".join(words), "   ".join(words), " — ".join(words),
                "  " + " ".join(words) + " .", "(" + ")(".join(words) + ")"]
    texts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(variants) + 1)], "outlet": "X",
                          "text": [plain] + [v.upper() if i % 2 else v for i, v in enumerate(variants)]})
    sketched = sketch(texts)
    first = sketched.hashes[sketched.offsets[0]:sketched.offsets[1]]
    assert len(first) == len(words) - 4
    for i in range(1, len(texts)):
        assert sketched.hashes[sketched.offsets[i]:sketched.offsets[i + 1]].tolist() == first.tolist(), variants[i - 1][:30]
        assert sketched.signatures[i].tolist() == sketched.signatures[0].tolist()
