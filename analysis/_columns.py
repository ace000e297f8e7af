"""Small column helpers shared by the term modules (tokens, actors, counts, keyness, KWIC, partials).

Private to the package: integer codes of a column, distinct (group, code) pairs, sorted
categoricals, rates per 1,000, the one stable sort every output table goes through, the
check of a ``choice`` argument and the ``texts`` frame as strings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .frames import require_columns


def as_texts(texts: pd.DataFrame, function: str) -> pd.DataFrame:
    """``doc_id, outlet, text`` as strings; a missing ``outlet`` becomes "".

    ``function`` names the public function for the message of a missing column.
    """
    require_columns(texts, ["doc_id", "text"], function, "texts")
    if texts["doc_id"].duplicated().any():
        raise ValueError("texts must have one row per document: doc_id is not unique")
    outlet = texts["outlet"] if "outlet" in texts else pd.Series("", index=texts.index)
    return pd.DataFrame({
        "doc_id": texts["doc_id"].astype("str"),
        "outlet": outlet.fillna("").astype("str"),
        "text": texts["text"].fillna("").astype("str"),
    }).reset_index(drop=True)


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    """``ValueError`` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")


def codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, integer code per row); categorical columns reuse their codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return (np.asarray(column.cat.categories, dtype=object),
                column.cat.codes.to_numpy(dtype=np.int64))
    code, uniques = pd.factorize(column, sort=False)
    return np.asarray(uniques, dtype=object), code.astype(np.int64)


def distinct_pairs(group: np.ndarray, code: np.ndarray, n_codes: int) -> np.ndarray:
    """Distinct (group, code) pairs as integers ``group * n_codes + code``."""
    return pd.unique(group.astype(np.int64) * max(n_codes, 1) + code)


def count_groups(group: np.ndarray, code: np.ndarray, n_codes: int) -> np.ndarray:
    """Per code, the number of distinct groups it occurs in (e.g. documents per term)."""
    return np.bincount(distinct_pairs(group, code, n_codes) % max(n_codes, 1), minlength=n_codes)


def categorical(values: pd.Series, index: np.ndarray) -> pd.Categorical:
    """``values[index]`` as a Categorical with sorted categories (cheap for long columns)."""
    categories, code = np.unique(values.to_numpy(dtype=str), return_inverse=True)
    return pd.Categorical.from_codes(code[index], categories=pd.Index(categories, dtype="str"))


def category(values: np.ndarray, code: np.ndarray) -> pd.Categorical:
    """``values[code]`` as a Categorical of the values used, with sorted ``str`` categories."""
    code = np.asarray(code, dtype=np.int64).reshape(-1)
    used = np.flatnonzero(np.bincount(code, minlength=len(values)))  # no sort of the codes
    categories = pd.Index(np.asarray(values, dtype=object)[used], dtype="str")
    order = np.asarray(categories.argsort())
    rank = np.empty(len(values), dtype=np.int64)
    rank[used[order]] = np.arange(len(order))
    return pd.Categorical.from_codes(rank[code], categories=categories[order])


def take(values: pd.Series, index: np.ndarray) -> pd.Series:
    """``values[index]`` keeping the dtype."""
    return pd.Series(values.array.take(index), dtype=values.dtype)


def per_1k(count: np.ndarray, total) -> np.ndarray:
    """``count`` per 1,000 of ``total`` (0 where the total is 0), rounded to 3 decimals."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(np.asarray(total) > 0, count * 1000.0 / total, 0.0)
    return np.round(rate, 3)


def sorted_rows(frame: pd.DataFrame, columns: list[str], ascending: list[bool]) -> pd.DataFrame:
    """``frame`` stably sorted by ``columns`` (object columns as ``str``), with a fresh index.

    Columns of integers, booleans, 32- and 64-bit floats without NaN and Arrow-backed strings
    without missing values are sorted by Arrow (``pyarrow.compute.sort_indices``: stable;
    strings in code point order, as pandas sorts them), several times faster than pandas on
    strings; any other key column (a categorical, a missing value) is sorted by pandas.
    """
    frame = frame.astype({c: "str" for c in columns if frame[c].dtype == object})
    if len(frame) > 1 and all(_arrow_sortable(frame[c]) for c in columns):
        keys = pa.table({str(i): pa.array(frame[c]) for i, c in enumerate(columns)})
        order = pc.sort_indices(keys, sort_keys=[(str(i), "ascending" if up else "descending")
                                                 for i, up in enumerate(ascending)])
        return frame.take(order.to_numpy()).reset_index(drop=True)
    return frame.sort_values(columns, ascending=ascending, kind="stable").reset_index(drop=True)


def _arrow_sortable(column: pd.Series) -> bool:
    """Does Arrow order ``column`` as pandas does: numbers without NaN, strings without NA."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype):  # Arrow-backed: no lone surrogate, no conversion
        return dtype.storage == "pyarrow" and not column.hasnans
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return True
    return isinstance(dtype, np.dtype) and dtype.kind == "f" and dtype.itemsize >= 4 and not column.hasnans
