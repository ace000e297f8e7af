"""Checks of the frames a public function is given, with messages that name what is wrong.

Every stage takes tidy frames (``documents``, ``lines``, ``texts``, ``tokens``, ``mentions``);
:func:`require_columns` is called first by each public entry point, so a frame of the wrong
kind fails with the function, the argument and the missing columns named, not with a bare
``KeyError`` from deep inside pandas.

>>> import pandas as pd
>>> require_columns(pd.DataFrame({"doc_id": ["a"]}), ["doc_id", "text"], "tokenize", "texts")
Traceback (most recent call last):
...
ValueError: tokenize: texts lacks column 'text' (it has: doc_id)
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["require_columns"]


def require_columns(frame, columns: Iterable[str], function: str, argument: str,
                    numeric: Iterable[str] = ()) -> None:
    """Raise ``ValueError`` unless ``frame`` is a DataFrame with ``columns`` (and ``numeric`` ones).

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame given to ``function``.
    columns : iterable of str
        Columns it must have.
    function, argument : str
        The public function and the name of its argument, for the message.
    numeric : iterable of str
        Columns (among ``columns``) that must hold numbers.

    Returns
    -------
    None
        Returns only when the frame has every column, with the dtypes asked for.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"n": [1]}), ["n"], "f", "table", numeric=["n"])
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{function}: {argument} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        has = ", ".join(map(str, frame.columns)) or "no columns"
        raise ValueError(f"{function}: {argument} lacks column{plural} {', '.join(map(repr, missing))} "
                         f"(it has: {has})")
    for column in numeric:
        if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
            raise ValueError(f"{function}: column {column!r} of {argument} must hold numbers, "
                             f"not {frame[column].dtype}")
