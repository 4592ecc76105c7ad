"""Read two columns of numbers from a pasted or uploaded table.

It reads what people's files hold: comma, semicolon or tab separators, a
decimal comma beside semicolons or tabs ("1,5;3,2"), an optional header row,
a byte-order mark, blank lines, quoted fields, CRLF line ends, Excel's
``sep=;`` first line, and more columns than two. Anything else is a
``TableError`` whose message names the line and the problem; no other
exception leaves ``read_table``.
"""

import base64
import binascii
import csv
import io
import numbers
import re
import unicodedata
import zlib
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from neuron.data import MAX_SAMPLES, Dataset
from neuron.parameters import DATA_TOKEN, MAX_TOKEN

MAX_BYTES = 5_000_000
MAX_MAGNITUDE = 1e15  # squares and their sums stay far from overflow
MAX_CONDITION = 1e12  # mean x² / var x: beyond it the bowl's flat curvature is rounding noise
SEPARATORS = ("\t", ";", ",")  # tried in this order: a decimal comma never splits a row
SAMPLE_LINES = 50
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Beside float() accepting it, a cell of only these is a plain number (_NUMBER)
_NOT_PLAIN = re.compile(r"[^0-9+\-.eE \t\n]")
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_SEP_LINE = re.compile(r'"?sep=(.)"?\s*')
_DAMAGED = "data: the link's data is damaged (cut short?)"


class TableError(ValueError):
    """A table that cannot be read as two columns of numbers.

    ``str(error)`` is the English message, naming the line and the problem;
    ``code`` and ``values`` say the same as data, for a page to say it in its
    own language.

    Parameters
    ----------
    message : str
        The English message.
    code : str
        A stable name for the problem: "not_a_number", "too_big"…
    **values
        What the message names: ``line`` (numbered from 1), ``first`` and
        ``last`` (a range of lines), ``column`` (numbered from 1), ``cell`` (as
        shown: on one line, cut to 40 characters), limits and sizes.

    Attributes
    ----------
    code : str
    values : mapping of str to int, float, str or tuple of str
        Read-only.
    """

    def __init__(self, message, *, code, **values):
        super().__init__(message)
        self.code = code
        self.values = MappingProxyType(values)


@dataclass(frozen=True, eq=False)
class Table:
    """A table read into a Dataset.

    Attributes
    ----------
    dataset : Dataset
        x and y from the chosen columns, named from the header if any.
    columns : tuple of (int, int)
        The 0-based indices of the x and the y column.
    header : tuple of str or None
        The header row's cells, cleaned of control characters; None if the
        table starts with numbers.
    separator : {",", ";", "\\t"}
    decimal_comma : bool
        Whether a comma inside a number was read as its decimal point.
    """

    dataset: Dataset
    columns: tuple
    header: tuple | None
    separator: str
    decimal_comma: bool


def read_table(text, *, x=None, y=None):
    """Read a table of numbers into a Dataset: y learned from x.

    Parameters
    ----------
    text : str or bytes
        The table. Bytes are decoded as UTF-8 (with or without a byte-order
        mark), UTF-16 if they start with its mark, else Latin-1.
    x, y : int, str or None
        The input and target columns: a 0-based index or a header name. By
        default the first two columns whose first row of data is numeric.

    Returns
    -------
    Table
        The Dataset and how the text was read.

    Raises
    ------
    TableError
        If the text is empty, over 5 MB or 100,000 rows, has one column only,
        a cell in the chosen columns that is not a finite number, fewer than
        two distinct x values, or x values too far from 0 for their spread.
        The message names the line (numbered from 1) and the problem.
    """
    rows, separator = _rows(_decoded(text))
    decimal_comma = separator != ","
    header = _header(rows, decimal_comma)
    data = rows[1:] if header else rows
    if not data:
        line = rows[0][0]
        raise TableError(
            f"line {line}: the table has a header but no rows of numbers",
            code="header_only",
            line=line,
        )
    if len(data) > MAX_SAMPLES:
        line = data[MAX_SAMPLES][0]
        raise TableError(
            f"line {line}: more than {MAX_SAMPLES:,} rows of data",
            code="too_many_rows",
            line=line,
            limit=MAX_SAMPLES,
        )
    columns = _columns(x, y, header, data[0], decimal_comma)
    values = [_values(data, c, decimal_comma) for c in columns]
    _check_spread(values[0], data, columns[0])
    names = [header[c] or None if c < len(header or ()) else None for c in columns]
    dataset = Dataset(*values, x_name=names[0], y_name=names[1])
    return Table(dataset, columns, header, separator, decimal_comma and _has_comma(data, columns))


def _decoded(text):
    if isinstance(text, (bytes, bytearray)):
        _check_size(len(text))
        text = _decode(bytes(text))
    elif isinstance(text, str):
        if len(text) > MAX_BYTES:
            _check_size(len(text))
        _check_size(len(text.encode("utf-8", "replace")))
    else:
        kind = type(text).__name__
        raise TableError(f"text must be str or bytes, got {kind}", code="not_text", type=kind)
    return text.removeprefix("\ufeff")


def _check_size(n):
    if n > MAX_BYTES:
        size, limit = n / 1e6, MAX_BYTES / 1e6
        raise TableError(
            f"the table is {size:.1f} MB; at most {limit:.0f} MB",
            code="too_big",
            size=size,
            limit=limit,
        )


def _decode(data):
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _rows(text):
    """Non-blank rows as (line number, cells), and the separator found."""
    lines = io.StringIO(text, newline="").readlines()
    separator, skip = _separator(lines)
    if '"' not in text and "\0" not in text:  # nothing quoted: a row is a line, split
        return _split_rows(lines, separator, skip), separator
    reader = csv.reader(lines[skip:], delimiter=separator)
    rows = []
    try:
        for cells in reader:
            if (cells and cells[0].strip()) or any(c.strip() for c in cells):
                rows.append((reader.line_num + skip, cells))
            if len(rows) > MAX_SAMPLES + 1:  # a header and one row too many
                break
    except csv.Error as e:
        raise _csv_error(reader.line_num + skip, str(e)) from None
    if not rows:
        raise TableError("line 1: the table is empty", code="empty", line=1)
    return rows, separator


def _split_rows(lines, separator, skip):
    """``_rows`` for text without quotes or NULs, where csv would only split lines."""
    rows = []
    for number, line in enumerate(lines[skip:], start=skip + 1):
        cells = line.rstrip("\r\n").split(separator)
        if cells[0].strip() or any(c.strip() for c in cells):
            rows.append((number, cells))
            if len(rows) > MAX_SAMPLES + 1:
                break
    if not rows:
        raise TableError("line 1: the table is empty", code="empty", line=1)
    return rows


def _csv_error(line, message):
    reason = _clean(message, 80)
    return TableError(
        f"line {line}: unreadable ({reason}); is a quote left open?",
        code="unreadable",
        line=line,
        reason=reason,
    )


def _separator(lines):
    """The separator, and how many lines to skip (1 after Excel's "sep=;")."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise TableError("line 1: the table is empty", code="empty", line=1)
    given = _SEP_LINE.fullmatch(lines[first])
    if given and given[1] in SEPARATORS:
        return given[1], first + 1
    sample = lines[first : first + SAMPLE_LINES]
    scores = {s: _score(sample, s) for s in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: (scores[s][:2], -SEPARATORS.index(s)))
    if scores[best][1]:
        return best, 0
    if error := scores[","][2]:
        raise _csv_error(first + error[0], error[1])
    raise TableError(
        f"line {first + 1}: found only one column; put x and y in two columns "
        "separated by commas, semicolons or tabs",
        code="one_column",
        line=first + 1,
    )


def _score(sample, separator):
    """How well ``separator`` splits the sample, best highest, and csv's error if any.

    Every row in the same number of fields (two or more), then the most rows
    split: a stray quote that swallows the lines after it splits fewer.
    """
    reader = csv.reader(sample, delimiter=separator)
    try:
        counts = [len(cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as e:
        return False, 0, (reader.line_num, str(e))
    split = sum(n >= 2 for n in counts)
    return split == len(counts) and len(set(counts)) == 1, split, None


def _header(rows, decimal_comma):
    """The first row's cleaned cells if any of them is not a number, else None."""
    cells = rows[0][1]
    if all(_is_number(c, decimal_comma=decimal_comma) for c in cells if c.strip()):
        return None
    return tuple(_clean(c, 80) for c in cells)


def _is_number(cell, *, decimal_comma):
    s = cell.strip()
    s = s.replace(",", ".") if decimal_comma else s
    return bool(_NUMBER.fullmatch(s) or _NOT_FINITE.fullmatch(s))


def _columns(x, y, header, first, decimal_comma):
    """The (x, y) column indices: as asked, else the first numeric columns.

    With fewer than two numeric cells in the first row of data, the default
    is the first two columns, so that the bad cell is the one reported.
    """
    cells = first[1]
    width = max(len(cells), len(header or ()))
    numeric = [i for i, c in enumerate(cells) if _is_number(c, decimal_comma=decimal_comma)]
    numeric = numeric if len(numeric) >= 2 else [0, 1]  # two indices: one is never x or y
    x = None if x is None else _column("x", x, header, width)
    y = None if y is None else _column("y", y, header, width)
    if x is None:
        x = next(i for i in numeric if i != y)
    if y is None:
        y = next(i for i in numeric if i != x)
    if x == y:
        raise TableError(
            f"x and y must be different columns, both are column {x + 1}",
            code="same_column",
            column=x + 1,
        )
    return x, y


def _column(name, choice, header, width):
    """A column's 0-based index from its index or its header name."""
    if isinstance(choice, numbers.Integral) and not isinstance(choice, bool):
        if 0 <= choice < width:
            return int(choice)
        raise TableError(
            f"{name} must be a column index from 0 to {width - 1}, got {choice!r}",
            code="no_such_index",
            axis=name,
            last=width - 1,
            choice=choice,
        )
    if not isinstance(choice, str):
        raise TableError(
            f"{name} must be a column index or a header name, got {choice!r}",
            code="not_a_column",
            axis=name,
            choice=choice,
        )
    if header is None:
        raise TableError(
            f"{name} names column {_quote(choice)}, but the table has no header",
            code="no_header",
            axis=name,
            name=_clean(choice, 40),
        )
    wanted = _clean(choice, 80).casefold()
    for i, cell in enumerate(header):
        if cell.casefold() == wanted:
            return i
    names = ", ".join(_quote(c) for c in header)
    raise TableError(
        f"{name}: no column named {_quote(choice)}; the header has {names}",
        code="no_such_name",
        axis=name,
        name=_clean(choice, 40),
        header=tuple(_clean(c, 40) for c in header),
    )


def _values(data, column, decimal_comma):
    """One column as floats; a row without a number there is a TableError.

    A column of plain numbers is checked by one regular expression and
    converted by numpy; any other goes cell by cell, which finds the first
    bad one and names its line.
    """
    joined = "\n".join(cells[column] if column < len(cells) else "" for _, cells in data)
    if decimal_comma:
        joined = joined.replace(",", ".")
    cells = joined.split("\n")
    if len(cells) == len(data) and not _NOT_PLAIN.search(joined):
        try:
            values = np.array(cells, dtype=float)
        except ValueError:  # an empty cell, "1e", "+-1": found and named below
            values = None
        if values is not None and np.all(np.abs(values) <= MAX_MAGNITUDE):
            return values
    return np.array([_number(cells, column, line, decimal_comma) for line, cells in data])


def _number(cells, column, line, decimal_comma):
    where = {"line": line, "column": column + 1}
    at = f"line {line}, column {column + 1}"
    if column >= len(cells) or not cells[column].strip():
        raise TableError(
            f"{at}: the cell is empty; a number is needed", code="empty_cell", **where
        )
    cell = cells[column]
    s = cell.strip()
    s = s.replace(",", ".") if decimal_comma else s
    shown = _clean(cell, 40)
    if _NOT_FINITE.fullmatch(s):
        message = f'{at}: "{shown}" is NaN or infinity, not a finite number'
        raise TableError(message, code="not_finite", cell=shown, **where)
    if not _NUMBER.fullmatch(s):
        raise TableError(
            f'{at}: "{shown}" is not a number', code="not_a_number", cell=shown, **where
        )
    value = float(s)
    if not abs(value) <= MAX_MAGNITUDE:
        message = f'{at}: "{shown}" is too large; at most 1e15 in size'
        raise TableError(message, code="too_large", cell=shown, **where)
    return value


def _check_spread(x, data, column):
    """At least two distinct x values, spread enough for the bowl to be measured."""
    first, last = data[0][0], data[-1][0]
    if first == last:  # one row of data
        raise TableError(
            f"line {first}, column {column + 1}: fewer than two distinct x values; "
            "a line needs two",
            code="one_row",
            line=first,
            column=column + 1,
        )
    where = {"first": first, "last": last, "column": column + 1}
    lines = f"lines {first}–{last}, column {column + 1}"
    if np.unique(x).size < 2:
        message = f"{lines}: fewer than two distinct x values; a line needs two"
        raise TableError(message, code="too_few_x", **where)
    with np.errstate(all="ignore"):
        variance = np.mean((x - x.mean()) ** 2)
        condition = np.mean(x * x) / variance
    if not (variance > 0 and condition <= MAX_CONDITION):
        raise TableError(
            f"{lines}: the x values are too close together for how far they are from 0; "
            "subtract a constant from them first",
            code="too_close",
            **where,
        )


def _has_comma(data, columns):
    return any("," in cells[c] for _, cells in data for c in columns if c < len(cells))


def _quote(text, limit=40):
    """``text`` cleaned and cut to ``limit`` characters, in double quotes."""
    return f'"{_clean(text, limit)}"'


def _clean(text, limit):
    """``text`` on one line without control or format characters, cut to ``limit``."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c)[0] != "C")
    kept = " ".join(kept.split())
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


# ---- data in a link --------------------------------------------------------------


def to_token(dataset):
    """A Dataset as compact, URL-safe text: ``from_token`` reads it back exactly.

    The two columns are written as a tab-separated table (names, if any, in a
    header; numbers as their shortest exact ``repr``), deflated, and encoded
    as base64url after a leading "z".

    Returns
    -------
    str or None
        The token, or None when it would be longer than ``MAX_TOKEN``: such
        data cannot travel in a link.
    """
    packed = zlib.compress(write_table(dataset).encode("utf-8"), 9)
    token = "z" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")
    return token if len(token) <= MAX_TOKEN + 1 else None


def write_table(dataset):
    """``dataset`` as tab-separated text that ``read_table`` reads back exactly:
    its names, if any, in a header row, then each x and y as its shortest repr."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    names = [dataset.x_name or "", dataset.y_name or ""]
    if not all(_is_number(n, decimal_comma=False) for n in names if n.strip()):
        writer.writerow(names)
    out.writelines(f"{x!r}\t{y!r}\n" for x, y in zip(dataset.x.tolist(), dataset.y.tolist()))
    return out.getvalue()


def from_token(token):
    """The Dataset a ``to_token`` token holds, read by ``read_table``.

    Raises
    ------
    TableError
        If ``token`` is not such a token, or what it holds is not a table.
    """
    if not isinstance(token, str) or not re.fullmatch(DATA_TOKEN, token):
        raise TableError("data: not a data token from a link", code="not_a_token")
    try:
        packed = base64.urlsafe_b64decode(token[1:] + "=" * (-len(token[1:]) % 4))
        inflate = zlib.decompressobj()
        text = inflate.decompress(packed, MAX_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        raise TableError(_DAMAGED, code="damaged_token") from None
    if inflate.unconsumed_tail or not inflate.eof:
        raise TableError(_DAMAGED, code="damaged_token")
    return read_table(text).dataset
