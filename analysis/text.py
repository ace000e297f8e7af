r"""Text normalisation shared by the readers and the cleaner: one place for each rule.

>>> normalise_newlines("\ufeffJudul\r\nIsi\rAkhir")
'Judul\nIsi\nAkhir'
"""

from __future__ import annotations

import pandas as pd

__all__ = ["normalise_newlines"]


def normalise_newlines(text: str | pd.Series) -> str | pd.Series:
    r"""A leading BOM dropped and CRLF or CR line ends written as LF, in a string or a column.

    Parameters
    ----------
    text : str or pandas.Series of str
        A page's text, or a column of them.

    Returns
    -------
    str or pandas.Series
        The same kind as given, with the newlines normalised.

    Examples
    --------
    >>> normalise_newlines(pd.Series(["a\r\nb", "c"])).tolist()
    ['a\nb', 'c']
    """
    if isinstance(text, pd.Series):
        return (text.str.lstrip("\ufeff").str.replace("\r\n", "\n", regex=False)
                .str.replace("\r", "\n", regex=False))
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
