"""Python regular expressions run over whole columns with RE2, and the check of every data pattern.

The rules of ``analysis/data/`` are written as Python regular expressions. Whole columns are
matched with RE2 through ``pyarrow.compute`` (one C++ pass per rule); each rule is compiled
twice: the Python pattern (the reference, used to extract text from the few matching lines)
and its RE2 twin (:func:`translate`), in which ``\\w \\d \\s`` and their negations keep
Python's Unicode meaning. ``\\b`` stays RE2's ASCII word boundary (the rules only put it
after ASCII keywords). ``tests/test_clean.py`` checks that both engines agree on every rule.

This module also owns the check made when the rules are loaded (:func:`compile_python`,
:func:`check_re2`): a pattern of a data file that does not compile raises
:class:`PatternError`, whose message names the file, the entry and the pattern.

>>> rx = Rx.of(r"\\w+ lalu", re.I)
>>> rx.search(to_arrow(pd.Series(["3 Jam Lalu", "kemarin"]))).tolist()
[True, False]
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .user_cache import cache_root, entry_name, read_json, write_json

__all__ = ["Rx", "translate", "noncapturing", "to_arrow", "to_series", "PatternError", "compile_python",
           "check_re2", "remember_checked", "may_match", "prefiltered", "contains"]

_RE2_CLASSES = {"w": r"\p{L}\p{N}_", "d": r"\p{Nd}", "s": r"\s\p{Z}\x0b\x1c-\x1f\x85"}


class PatternError(ValueError):
    """A pattern of a data file that does not compile; the message names file, entry and pattern.

    Parameters
    ----------
    file, entry : str
        The data file (``furniture.yaml``) and the entry's key path (``furniture.ad[0]``).
    pattern : str
        The pattern as written.
    problem : str
        What the regex engine said.

    Returns
    -------
    PatternError
        A ``ValueError``.

    >>> str(PatternError("furniture.yaml", "credits.source line[0]", "(x", "Python re: missing )"))
    "furniture.yaml, entry credits.source line[0]: pattern '(x' does not compile (Python re: missing ))"
    """

    def __init__(self, file: str, entry: str, pattern: str, problem: str):
        super().__init__(f"{file}, entry {entry}: pattern {pattern!r} does not compile ({problem})")
        self.file, self.entry, self.pattern = file, entry, pattern


def _scan(pattern: str, on_escape, on_group, on_end: str = "$", greedy: bool = False) -> str:
    """Rewrite ``pattern`` piece by piece, tracking character classes: ``on_escape(letter,
    in_class)`` may replace an escape, ``on_group(i)`` an opening parenthesis, ``on_end``
    the end-of-line anchor ``$``; ``greedy``: possessive ``*+``, ``++``, ``?+`` written greedy
    (RE2 has no possessive quantifier; the greedy one matches wherever the possessive one does)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if greedy and c == "+" and not in_class and out and out[-1] in ("*", "+", "?") \
                and (len(out) < 2 or out[-2] != "("):  # "(?" opens a group
            i += 1
            continue
        if c == "\\" and i + 1 < len(pattern):
            out.append(on_escape(pattern[i + 1], in_class) or pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            out.append(c)
            i += 1
            for literal in ("^", "]"):  # "[^]..." / "[]...": the ']' is literal
                if pattern[i:i + 1] == literal:
                    out.append(literal)
                    i += 1
            continue
        elif c == "(":
            replaced, i = on_group(pattern, i)
            out.append(replaced)
            continue
        elif c == "$":
            c = on_end
        out.append(c)
        i += 1
    return "".join(out)


def noncapturing(pattern: str) -> str:
    """Make plain and named groups non-capturing, so that patterns can be combined.

    Parameters
    ----------
    pattern : str
        A Python regular expression.

    Returns
    -------
    str
        The same expression with ``( )`` and ``(?P<name> )`` written ``(?: )``.

    >>> noncapturing(r"(a|b)(?P<x>c)(?:d)[(]")
    '(?:a|b)(?:c)(?:d)[(]'
    """
    def group(p: str, i: int) -> tuple[str, int]:
        if p.startswith("(?P<", i):
            return "(?:", p.index(">", i) + 1
        return ("(?:", i + 1) if not p.startswith("(?", i) else ("(", i + 1)
    return _scan(pattern, lambda e, in_class: None, group)


def translate(pattern: str, flags: int = 0) -> str:
    """The RE2 twin of a Python pattern (``\\w \\d \\s`` keep their Unicode meaning).

    Parameters
    ----------
    pattern : str
        A Python regular expression without look-arounds or back-references.
    flags : int
        ``re.I`` and ``re.S`` are carried over as inline flags.

    Returns
    -------
    str
        The RE2 pattern. Raises ``ValueError`` for a negated class escape inside ``[...]``.

    >>> translate(r"\\w+\\s[^\\d]")
    '[\\\\p{L}\\\\p{N}_]+[\\\\s\\\\p{Z}\\\\x0b\\\\x1c-\\\\x1f\\\\x85][^\\\\p{Nd}]'
    """
    def escape(e: str, in_class: bool) -> str | None:
        if e.lower() in _RE2_CLASSES:
            body = _RE2_CLASSES[e.lower()]
            if not in_class:
                return f"[{'^' if e.isupper() else ''}{body}]"
            if e.isupper():
                raise ValueError(f"\\{e} inside [...] has no RE2 twin (write (\\{e}|...) instead): {pattern!r}")
            return body
        return r"\z" if e == "Z" else None
    body = _scan(pattern, escape, lambda p, i: ("(", i + 1))
    prefix = ("i" if flags & re.I else "") + ("s" if flags & re.S else "")
    return f"(?{prefix}){body}" if prefix else body


@dataclass(frozen=True)
class Rx:
    """One rule: a Python pattern and its RE2 twin for whole-column matching.

    Parameters
    ----------
    python : re.Pattern
        The reference pattern.
    re2 : str
        Its RE2 twin (:func:`translate`).
    prefilter : str, optional
        An RE2 pattern every matching line also matches (a cheap first pass).

    Returns
    -------
    Rx
        Made with :meth:`of`.

    >>> Rx.of("a+", re.I).re2
    '(?i)a+'
    """

    python: re.Pattern
    re2: str
    prefilter: str | None = None

    @classmethod
    def of(cls, pattern: str, flags: int = 0, prefilter: str | None = None) -> "Rx":
        """The rule of a Python ``pattern`` (compiled with ``flags``) and an optional ``prefilter``."""
        return cls(re.compile(pattern, flags), translate(pattern, flags), prefilter and translate(prefilter))

    def search(self, column: pa.Array, rows: np.ndarray | None = None) -> np.ndarray:
        """Boolean array over ``column``: does the rule match (search) the line? Only
        ``rows`` are tested (the others are False)."""
        if rows is None:
            rows = np.ones(len(column), dtype=bool)
        if self.prefilter is not None and rows.any():
            rows = rows & pc.match_substring_regex(column, self.prefilter).to_numpy(zero_copy_only=False)
        out = np.zeros(len(column), dtype=bool)
        if rows.any():
            part = column.filter(pa.array(rows))
            out[rows] = pc.match_substring_regex(part, self.re2).to_numpy(zero_copy_only=False)
        return out

    def sub(self, column: pa.Array, replacement: str) -> pa.Array:
        """``column`` with every match replaced by ``replacement``."""
        return pc.replace_substring_regex(column, self.re2, replacement)

    def extract_lines(self, column: pa.Array, group: str) -> list[str]:
        """The named ``group`` of the first match in each line ("" where the rule or the group
        does not match, or the line is missing), as RE2's ``extract_regex`` of the twin gives it.

        For a few lines, where compiling a large rule for RE2 again costs more than matching
        them: each line is read by the Python pattern where both engines surely match the same
        spans (:func:`_engines_agree`), the others by the RE2 twin."""
        search = self.python.search
        found = _line_by_line(column, lambda line: (m[group] or "") if (m := search(line)) else "",
                              lambda part: pc.struct_field(pc.extract_regex(part, self.re2), group)
                              .fill_null("").to_pylist())
        return ["" if value is None else value for value in found]

    def sub_lines(self, column: pa.Array) -> pa.Array:
        """``sub(column, "")`` for a few lines, as :meth:`extract_lines` reads them: the Python
        pattern where both engines surely match the same spans, else the RE2 twin. Only for a
        rule that cannot match an empty string (the engines replace empty matches differently)."""
        sub = self.python.sub
        return pa.array(_line_by_line(column, lambda line: sub("", line), lambda part: self.sub(part, "").to_pylist()),
                        type=pa.large_string())


def _line_by_line(column: pa.Array, python, twin) -> list:
    """``python(line)`` for each line where both engines surely agree (:func:`_engines_agree`),
    ``twin`` (RE2, on a column of the others) for the rest; a missing line stays None."""
    lines = column.to_pylist()
    agree = [line is None or _engines_agree(line) for line in lines]
    out = [python(line) if line is not None and ok else line for line, ok in zip(lines, agree)]
    other = [i for i, ok in enumerate(agree) if not ok]
    if other:
        for i, value in zip(other, twin(column.take(pa.array(other)))):
            out[i] = value
    return out


#: A character beyond ASCII (the only place where a Python pattern and its RE2 twin can differ).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _engines_agree(line: str) -> bool:
    """Whether a Python pattern and its RE2 twin (:func:`translate`) surely match the same spans on
    ``line``: it holds no letter or digit beyond ASCII and no character Python's Unicode tables do
    not know (RE2's may, where the twin's ``\\w`` is ``\\p{L}\\p{N}_``). Only beside such
    characters do RE2's ASCII ``\\b`` and the engines' case folding (``İ``, ``ı``, ``ſ``, the Kelvin
    sign) differ from Python's; the lines read here are normalised (one space between words).

    >>> [_engines_agree(s) for s in ["Foto: AFP", "“kata dia” – Jakarta", "Fotoğraf: AA", "İlustrasi"]]
    [True, True, False, False]
    """
    return not any((kind := unicodedata.category(c))[0] in "LN" or kind == "Cn" for c in _NON_ASCII.findall(line))


_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


def _group_end(pattern: str, i: int) -> int:
    """The index just after the group that opens at ``pattern[i]``."""
    depth, in_class, j = 0, False, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            j += 1 + (pattern[j + 1:j + 2] == "^")
            j += pattern[j:j + 1] == "]"
            continue
        elif c in "()":
            depth += 1 if c == "(" else -1
            if depth == 0:
                return j + 1
        j += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


@functools.lru_cache(maxsize=1024)
def _loosened(rx: re.Pattern) -> str | None:
    r"""An RE2 pattern that matches (searches) every line ``rx`` matches, or None (worked out once
    per pattern and process: :func:`may_match` runs on every batch).

    The RE2 twin (:func:`translate`) without the assertions RE2 lacks or reads otherwise
    (look-arounds, ``\b``, ``\B``: dropping an assertion only admits more), ``$`` at the
    end of every line (Python's ``$`` also matches before a final newline), possessive
    quantifiers greedy. None where
    the pattern uses what has no twin (verbose or ASCII mode, back-references, ``{,n}`` ...)."""
    if rx.flags & (re.X | re.A) or "{," in rx.pattern:
        return None
    def group(p: str, i: int) -> tuple[str, int]:
        return ("", _group_end(p, i)) if p.startswith(_LOOKAROUND, i) else ("(", i + 1)
    try:
        body = _scan(noncapturing(rx.pattern), lambda e, in_class: "(?:)" if e in "bB" and not in_class else None, group,
                     "(?m:$)", greedy=True)
        flags = "m" * bool(rx.flags & re.M) + "i" * bool(rx.flags & re.I) + "s" * bool(rx.flags & re.S)
        pattern = (f"(?{flags})" if flags else "") + translate(body)
        pc.match_substring_regex(_PROBE, pattern)
    except (ValueError, pa.ArrowInvalid):
        return None
    return pattern


def may_match(rx: re.Pattern | list[re.Pattern], column: pa.Array) -> np.ndarray:
    r"""Boolean array over ``column``: may ``rx`` (or any of a list) match (search) the line?
    True wherever it does (and perhaps elsewhere): a cheap first pass over the whole column
    with RE2 (one pass for a list), so that Python's regex runs only on the lines that pass.

    The pass is the RE2 twin of ``rx`` loosened (see :func:`translate`; look-arounds and
    word boundaries dropped, ``^``/``$`` at every line); where ``rx`` ignores case, lines
    with a character that Python's ``re.I`` and RE2 fold differently (dotted and dotless I;
    any non-ASCII character when the pattern holds a non-ASCII letter) pass too. A pattern
    without a twin passes every line.

    Parameters
    ----------
    rx : re.Pattern or list of re.Pattern
        A compiled Python regular expression, or several.
    column : pyarrow.Array
        Lines (``large_string``, e.g. from :func:`to_arrow`).

    Returns
    -------
    numpy.ndarray of bool
        As long as ``column``.

    >>> rx = re.compile(r"(?<!\w)(?:dikutip|dilansir)\s+dari\b")
    >>> may_match(rx, to_arrow(pd.Series(["dikutip dari AFP", "Jakarta", "dilansir  dari"]))).tolist()
    [True, False, True]
    """
    patterns = [rx] if isinstance(rx, re.Pattern) else list(rx)
    loosened = [_loosened(p) for p in patterns]
    if not patterns or None in loosened:
        return np.ones(len(column), dtype=bool)
    pattern = loosened[0] if len(loosened) == 1 else "|".join(f"(?:{p})" for p in loosened)
    out = pc.match_substring_regex(column, pattern).fill_null(False).to_numpy(zero_copy_only=False)
    folded = [p.pattern for p in patterns if p.flags & re.I or "(?i" in p.pattern]
    if folded:
        other = (r"[^\x00-\x7f]" if any(not c.isascii() and c.isalpha() for p in folded for c in p)
                 else "[\u0130\u0131]")
        out |= pc.match_substring_regex(column, other).fill_null(False).to_numpy(zero_copy_only=False)
    return out


def prefiltered(series: pd.Series, rx: re.Pattern, how: str = "extract", column: pa.Array | None = None,
                rows: np.ndarray | None = None):
    r"""``series.str.<how>(rx)``, run by Python only on the lines that :func:`may_match` passes:
    the same result as on the whole series.

    Parameters
    ----------
    series : pandas.Series of str
        Lines, with a unique index.
    rx : re.Pattern
        The pattern (with named groups for ``extract`` and ``extractall``).
    how : {"extract", "extractall", "match"}
        The ``str`` method.
    column : pyarrow.Array, optional
        ``to_arrow(series)``, when the caller already holds it.
    rows : numpy.ndarray of bool, optional
        The lines that may match (:func:`may_match` of several patterns, ``rx`` among them):
        only these are tested.

    Returns
    -------
    pandas.DataFrame or pandas.Series
        As ``series.str.<how>(rx)`` (``match``: False where the line is missing).

    >>> lines = pd.Series(["Penulis: Ani", "Isi berita.", "Penulis: Budi"])
    >>> prefiltered(lines, re.compile(r"^Penulis: (?P<name>\w+)"))["name"].tolist()
    ['Ani', nan, 'Budi']
    """
    if how not in ("extract", "extractall", "match"):
        raise ValueError(f"parameter how must be extract, extractall or match, not {how!r}")
    if not series.index.is_unique:
        raise ValueError("parameter series must have a unique index")
    column = to_arrow(series) if column is None else column
    if rows is None:
        rows = may_match(rx, column)
    elif rows.any():
        rows = rows.copy()
        rows[rows] = may_match(rx, column.filter(pa.array(rows)))
    part = getattr(series[rows].str, how)(rx)
    if how == "extractall":
        return part
    if how == "match":
        return part.reindex(series.index, fill_value=False).astype(bool)
    return part.reindex(series.index)


class Pieces(NamedTuple):
    """Texts cut at spaces, their distinct pieces split (:func:`split_distinct`).

    Attributes
    ----------
    words : pyarrow.ListArray
        The split of each distinct piece (empty strings included).
    codes, rows : numpy.ndarray
        Per piece in text order: its distinct piece and its row.
    """

    words: pa.ListArray
    codes: np.ndarray
    rows: np.ndarray

    def count(self, flag: np.ndarray, n: int) -> np.ndarray:
        """Per row (``n`` of them), the words with ``flag`` set (one bool per flattened word)."""
        per_piece = np.bincount(pc.list_parent_indices(self.words).to_numpy()[flag], minlength=len(self.words))
        return np.bincount(self.rows, weights=per_piece[self.codes], minlength=n).astype(np.int64)


def split_distinct(column: pa.Array, separator: str) -> Pieces:
    r"""``pc.split_pattern_regex(column, separator)`` for a separator that is a repeated class of
    characters taking the space (``[^\p{L}\p{N}]+``), done on the distinct pieces between
    spaces: the texts are cut at spaces (a literal split, in C at memory speed) and only their
    distinct pieces, a small part of the text, are cut with RE2, whose Unicode classes
    (``\p{L}``) run at about 40 MB/s. The words of row ``i`` are ``words[codes[j]]`` for every
    ``j`` with ``rows[j] == i``, in order.

    Parameters
    ----------
    column : pyarrow.Array
        Texts (a missing one has no pieces).
    separator : str
        An RE2 pattern matching any run of spaces (the words cannot hold one); the same non-empty
        words as the whole texts' split when it is a repeated class (``ValueError`` if it does
        not match spaces).

    Returns
    -------
    Pieces
        ``words`` (the RE2 split of each distinct piece, empty strings included), ``codes`` (the
        distinct piece of each piece, in text order) and ``rows`` (the row of each piece);
        :meth:`Pieces.count` counts flagged words per row.

    >>> words, codes, rows = split_distinct(pa.array(["a-b c", "c"]), r"[^a-z]+")
    >>> [words[c].as_py() for c in codes], rows.tolist()
    ([['a', 'b'], ['c'], ['c']], [0, 0, 1])
    >>> split_distinct(pa.array(["a-b c", "c"]), r"[^a-z]+").count(np.array([False, True, True]), 2).tolist()
    [2, 1]
    """
    if not pc.all(pc.match_substring_regex(pa.array([" ", "   "]), f"^(?:{separator})$")).as_py():
        raise ValueError(f"parameter separator must match a run of spaces, not {separator!r}")
    pieces = pc.split_pattern(column, " ")
    rows = pc.list_parent_indices(pieces).to_numpy().astype(np.int64)
    encoded = pc.dictionary_encode(pc.list_flatten(pieces))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return Pieces(pc.split_pattern_regex(encoded.dictionary, separator),
                  encoded.indices.to_numpy().astype(np.int64), rows)


def contains(column: pa.Array, literal: str) -> np.ndarray:
    r"""Boolean array over ``column``: does the line contain ``literal``? Searched by RE2, whose
    literal search skips ahead in C, rather than by Arrow's ``match_substring``, which is about
    30 times slower on a character few lines hold (``<``, ``&``, ``\r``, NUL: 0.7 ms against 25 ms
    for 18 MB of news text).

    Parameters
    ----------
    column : pyarrow.Array
        Lines (e.g. from :func:`to_arrow`); a missing line contains nothing.
    literal : str
        The text looked for, as written (no pattern).

    Returns
    -------
    numpy.ndarray of bool
        As long as ``column``.

    >>> contains(to_arrow(pd.Series(["a\rb", "ab", None])), "\r").tolist()
    [True, False, False]
    >>> contains(pa.array(["1+1=2", "a.b"]), "+1=").tolist()
    [True, False]
    """
    pattern = "".join(f"\\x{{{ord(c):x}}}" for c in literal)
    return pc.match_substring_regex(column, pattern).fill_null(False).to_numpy(zero_copy_only=False)


def to_arrow(series: pd.Series) -> pa.Array:
    """A column of str as an Arrow ``large_string`` array, missing values as "".

    Parameters
    ----------
    series : pandas.Series
        Lines of text (missing values allowed).

    Returns
    -------
    pyarrow.Array
        Of type ``large_string``, as long as ``series``.

    >>> to_arrow(pd.Series(["a", None])).to_pylist()
    ['a', '']
    """
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":  # already Arrow: no copy
        column = pa.array(series, type=pa.large_string())
        return column.fill_null("") if column.null_count else column
    values = series.astype(object).where(series.notna(), "")
    return pa.array(values.to_numpy(dtype=object), type=pa.large_string())


def to_series(column: pa.Array, index) -> pd.Series:
    """An Arrow string array back as a pandas Series of str with ``index``.

    Parameters
    ----------
    column : pyarrow.Array
        Strings.
    index : pandas.Index or sequence
        The index of the result (as long as ``column``).

    Returns
    -------
    pandas.Series of str

    >>> to_series(pa.array(["a"]), [7]).to_dict()
    {7: 'a'}
    """
    return pd.Series(column, index=index, dtype="str")  # Arrow-backed: no copy through Python objects


def compile_python(pattern: str, flags: int, file: str, entry: str) -> re.Pattern:
    """``re.compile(pattern, flags)``, or :class:`PatternError` naming ``file`` and ``entry``.

    Parameters
    ----------
    pattern : str
        A pattern read from a data file.
    flags : int
        ``re`` flags.
    file, entry : str
        Where the pattern was read (``outlets.yaml``, ``outlets[Okezone].byline[0]``).

    Returns
    -------
    re.Pattern

    >>> compile_python("(ab", 0, "outlets.yaml", "generic.name_split")
    Traceback (most recent call last):
    ...
    analysis.re2.PatternError: outlets.yaml, entry generic.name_split: pattern '(ab' does not compile (Python re: missing ), unterminated subpattern at position 0)
    """
    if not isinstance(pattern, str):
        raise PatternError(file, entry, str(pattern), f"a pattern must be a string, not {type(pattern).__name__}")
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise PatternError(file, entry, pattern, f"Python re: {error}") from None


_PROBE = pa.array([""], type=pa.large_string())


def check_re2(pattern: str, flags: int, file: str, entry: str) -> str:
    """Check that ``pattern`` compiles with Python re and that its RE2 twin compiles with RE2.

    Parameters
    ----------
    pattern : str
        A pattern read from a data file, to be run through RE2.
    flags : int
        ``re`` flags (``re.I``, ``re.S``).
    file, entry : str
        Where the pattern was read, for the message of :class:`PatternError`.

    Returns
    -------
    str
        ``pattern`` itself (so that a loader can check as it goes).

    >>> check_re2(r"(?=x)y", 0, "furniture.yaml", "end_markers[0]")
    Traceback (most recent call last):
    ...
    analysis.re2.PatternError: furniture.yaml, entry end_markers[0]: pattern '(?=x)y' does not compile (RE2: Invalid regular expression: invalid perl operator: (?=)
    """
    if not isinstance(pattern, str):
        compile_python(pattern, flags, file, entry)  # raises: a pattern must be a string
    try:
        twin, untranslatable = translate(pattern, flags), None
    except Exception as error:  # noqa: BLE001 - raised below, after Python's own check of the pattern
        twin, untranslatable = "", error
    known, used = _checked(str(cache_root()))
    key = hashlib.blake2b(f"{int(flags)}\0{pattern}\0{twin}".encode("utf-8", "surrogatepass"), digest_size=16)
    if untranslatable is not None or key.hexdigest() not in known:
        compile_python(pattern, flags, file, entry)
        if isinstance(untranslatable, ValueError):
            raise PatternError(file, entry, pattern, f"RE2: {untranslatable}")
        if untranslatable is not None:
            raise untranslatable
        try:
            pc.match_substring_regex(_PROBE, twin)
        except pa.ArrowInvalid as error:
            raise PatternError(file, entry, pattern, f"RE2: {error}") from None
    used.add(key.hexdigest())
    return pattern


def remember_checked() -> None:
    """Keep the patterns :func:`check_re2` found compiling in this process (both engines) in the
    user's cache (:mod:`analysis.user_cache`), so that later processes skip compiling them only to
    check them.

    The RE2 compilation of a few rules (a class of letters repeated up to 40 times) takes 10 to 20
    ms; checking every rule took 0.16 s in each process that loads the cleaning rules. The list
    holds a hash of each pattern, its flags and its RE2 twin (:func:`translate`, run every time, so
    a change in the translation is a new entry), and is kept per version of pyarrow (its RE2) and
    of Python (its ``re``); a pattern that is not in it is compiled and checked as before. The list
    only grows (its entries are what compiled, whatever rules another checkout holds). Where the
    cache cannot be written, nothing is kept.

    Returns
    -------
    None

    Examples
    --------
    >>> remember_checked()
    """
    known, used = _checked(str(cache_root()))
    if used - known and write_json(entry_name("patterns-checked"), sorted(known | used)):
        known |= used


@functools.lru_cache(maxsize=None)
def _checked(root: str) -> tuple[set, set]:
    """The digests of the patterns stored as compiling (under the cache folder ``root``), and of
    those checked in this process."""
    stored = read_json(entry_name("patterns-checked"))
    valid = isinstance(stored, list) and all(isinstance(key, str) for key in stored)
    return set(stored) if valid else set(), set()
