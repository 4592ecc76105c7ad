"""Reading a person's table: round trips, the bowl on it, and every way it can fail."""

import ast
import csv
import io
import re
import unicodedata
import warnings
from pathlib import Path
from unittest.mock import ANY

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import neuron
from neuron.tables import TableError, from_token, read_table

SEPARATORS = (",", ";", "\t")
NAME = st.text(
    alphabet=st.sampled_from("abcxyzÁéñ°µ ()/%,;'\"\t"), min_size=1, max_size=20
).filter(lambda s: re.search(r"[a-zÁéñµ]", s) and s.split())


def reference_curvatures(x):
    """Eigenvalues of the loss's Hessian 2·[[mean x², mean x], [mean x, 1]]."""
    m = x.mean()
    return np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), m], [m, 1.0]]))


def condition(x):
    with np.errstate(all="ignore"):
        return np.mean(x * x) / np.var(x)


def cell(value, decimal_comma):
    text = repr(float(value))
    return text.replace(".", ",") if decimal_comma else text


@st.composite
def tables(draw, *, n_min=2, n_max=40):
    """A table's text, as a person's spreadsheet might write it, and what it holds."""
    n = draw(st.integers(n_min, n_max))
    width = draw(st.integers(2, 4))
    number = st.integers(-(10**6), 10**6).map(float) | st.floats(-1e6, 1e6, allow_nan=False)
    columns = [draw(st.lists(number, min_size=n, max_size=n)) for _ in range(width)]
    separator = draw(st.sampled_from(SEPARATORS))
    decimal_comma = separator != "," and draw(st.booleans())
    header = draw(st.none() | st.lists(NAME, min_size=width, max_size=width))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    rows = [header] if header else []
    rows += [[cell(v, decimal_comma) for v in row] for row in zip(*columns)]
    lines = [_line(row, separator, quoting) for row in rows]
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "  ", "\t"])))
    text = draw(st.sampled_from(["", "\ufeff"])) + newline.join(lines) + draw(st.just(newline))
    return text, np.array(columns), header, separator


def _line(row, separator, quoting):
    out = io.StringIO()
    csv.writer(out, delimiter=separator, quoting=quoting, lineterminator="").writerow(row)
    return out.getvalue()


@st.composite
def choices(draw, width, header):
    """x and y as indices or header names, or None for the default (0 and 1)."""
    x, y = draw(st.permutations(range(width)))[:2]
    if draw(st.booleans()):
        return {}, (0, 1)
    names = header and len({" ".join(h.split()).casefold() for h in header}) == width
    as_name = names and draw(st.booleans())
    return ({"x": header[x], "y": header[y]} if as_name else {"x": x, "y": y}), (x, y)


@settings(max_examples=200)
@given(st.data())
def test_a_written_table_reads_back_exactly(data):
    text, columns, header, separator = data.draw(tables())
    kwargs, (i, j) = data.draw(choices(len(columns), header))
    assume(np.unique(columns[i]).size >= 2 and condition(columns[i]) < 1e10)
    raw = data.draw(st.sampled_from([text, text.encode("utf-8"), text.encode("utf-16")]))
    table = read_table(raw, **kwargs)
    np.testing.assert_array_equal(table.dataset.x, columns[i])
    np.testing.assert_array_equal(table.dataset.y, columns[j])
    assert table.columns == (i, j)
    assert table.separator == separator
    names = None if header is None else [" ".join(header[c].split()) for c in (i, j)]
    assert [table.dataset.x_name, table.dataset.y_name] == (names or [None, None])


@settings(max_examples=200)
@given(tables(n_min=3))
def test_the_bowl_of_a_read_table_matches_polyfit_and_the_hessians_eigenvalues(table):
    text, columns, _, _ = table
    x, y = columns[0], columns[1]
    assume(np.unique(x).size >= 2 and condition(x) < 1e6)
    dataset = read_table(text).dataset
    bowl = neuron.bowl(dataset)
    slope, intercept = np.polyfit(x, y, 1)
    scale = (np.std(y) + np.abs(y).max()) / np.std(x)  # slopes are known to y over x
    optimum = neuron.least_squares(dataset)
    assert optimum.weight == pytest.approx(slope, rel=1e-9, abs=1e-9 * scale)
    size = abs(intercept) + np.std(y) + scale * np.abs(x).max()
    assert optimum.bias == pytest.approx(intercept, rel=1e-9, abs=1e-9 * size)
    expected = reference_curvatures(x)
    np.testing.assert_allclose(bowl.curvatures, expected, rtol=1e-9)
    assert bowl.critical_learning_rate == pytest.approx(2 / expected[-1], rel=1e-9)
    assert bowl.condition_number == pytest.approx(expected[-1] / expected[0], rel=1e-9)


def test_a_european_spreadsheet_with_a_bom_crlf_and_blank_lines():
    text = "\ufeffaltura (cm);peso (kg)\r\n\r\n150,5;50,25\r\n160;60,5\r\n\r\n"
    table = read_table(text.encode("utf-8"))
    assert table.dataset.x.tolist() == [150.5, 160.0]
    assert table.dataset.y.tolist() == [50.25, 60.5]
    assert (table.dataset.x_name, table.dataset.y_name) == ("altura (cm)", "peso (kg)")
    assert table.separator == ";" and table.decimal_comma


def test_excel_sep_line_names_the_separator_and_line_numbers_count_it():
    with pytest.raises(TableError, match=r"^line 4, column 2: \"x\" is not a number"):
        read_table("sep=;\na;b\n1;2\n3;x\n")


def test_latin_1_bytes_are_read_when_they_are_not_utf_8():
    table = read_table("température (°C),y\n1,2\n3,4\n".encode("latin-1"))
    assert table.dataset.x_name == "température (°C)"


def test_text_columns_are_skipped_and_columns_chosen_by_name_or_index():
    text = "city,year,population,area\nA,2000,10,3.5\nB,2010,12,4.0\n"
    assert read_table(text).columns == (1, 2)
    assert read_table(text, x="AREA", y="year").columns == (3, 1)
    assert read_table(text, y=1).columns == (2, 1)
    assert read_table(text, x=2).columns == (2, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": "size"}, r'^x: no column named "size"; the header has "a", "b", "c"$'),
        ({"y": 7}, r"^y must be a column index from 0 to 2, got 7$"),
        ({"x": True}, r"^x must be a column index or a header name, got True$"),
        ({"x": 1, "y": "B"}, r"^x and y must be different columns, both are column 2$"),
    ],
)
def test_a_bad_column_choice_names_the_parameter(kwargs, message):
    with pytest.raises(TableError, match=message):
        read_table("a,b,c\n1,2,3\n4,5,6\n", **kwargs)


def test_a_name_given_for_a_table_without_header_is_refused():
    with pytest.raises(TableError, match=r'^x names column "a", but the table has no header'):
        read_table("1,2\n3,4\n", x="a")


LONG = "é" * 30 + "\x1b[31m\u202e" + "z" * 30


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"^line 1: the table is empty$"),
        ("\n \r\n\t\n", r"^line 1: the table is empty$"),
        ("x\n1\n2\n", r"^line 1: found only one column"),
        ("x,y\n", r"^line 1: the table has a header but no rows of numbers$"),
        ("x,y\n1,2\n3,abc\n", r'^line 3, column 2: "abc" is not a number$'),
        ("x;y\n1;2\n3;NaN\n", r'^line 3, column 2: "NaN" is NaN or infinity'),
        ("x,y\n1,2\n-inf,3\n", r'^line 3, column 1: "-inf" is NaN or infinity'),
        ("x,y\n1,2\n1e999,3\n", r'^line 3, column 1: "1e999" is too large'),
        ("x,y\n1,2\n3,\n", r"^line 3, column 2: the cell is empty"),
        ("x,y\n1,2\n3\n", r"^line 3, column 2: the cell is empty"),
        ("x,y\n\n5,2\n5,3\n", r"^lines 3–4, column 1: fewer than two distinct x values"),
        ("1,2\n", r"^line 1, column 1: fewer than two distinct x values"),
        ("1e12,0\n1000000000001,1\n", r"^lines 1–2, column 1: the x values are too close"),
        (f"x,y\n1,2\n{LONG},3\n", r'^line 3, column 1: "é{30}\[31mzzzzz…" is not a number$'),
    ],
)
def test_each_error_names_the_line_and_the_problem(text, message):
    with pytest.raises(TableError, match=message):
        read_table(text)


def test_a_cell_csv_cannot_read_is_reported_at_its_line():
    long = '"' + "1" * 200_000 + '",2\n'
    with pytest.raises(TableError, match=r"^line 3: unreadable \(field larger than field limit"):
        read_table("x,y\n1,2\n" + long)
    # past the lines the separator is guessed from
    with pytest.raises(TableError, match=r"^line 62: unreadable"):
        read_table("x,y\n" + "1,2\n" * 60 + long)


def test_more_than_100_000_rows_is_refused_at_the_row_after_the_limit():
    text = "".join(f"{i},1\n" for i in range(100_001))
    assert len(read_table(text[: text.index("100000,")]).dataset) == 100_000
    with pytest.raises(TableError, match=r"^line 100001: more than 100,000 rows"):
        read_table(text)


@pytest.mark.parametrize("wrap", [bytes, str])
def test_more_than_5_mb_is_refused_before_it_is_read(wrap):
    data = b"1,2\n" * 1_300_001
    with pytest.raises(TableError, match=r"^the table is 5\.2 MB; at most 5 MB$"):
        read_table(data if wrap is bytes else data.decode())


def test_only_text_or_bytes_are_tables():
    with pytest.raises(TableError, match="text must be str or bytes, got NoneType"):
        read_table(None)


MUTATIONS = [",", ";", "\t", '"', "\n", "\r", "\x00", "\ufeff", "nan", "1e999", "é", " ", ",5"]


@st.composite
def mutated_tables(draw):
    text = draw(tables())[0]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 3)))
        text = text[:i] + draw(st.sampled_from(MUTATIONS) | st.text(max_size=3)) + text[j:]
    return text


COLUMN = st.none() | st.integers(-2, 5) | st.text(max_size=4) | st.floats() | st.booleans()


@settings(max_examples=400)
@given(st.text() | st.binary() | mutated_tables(), COLUMN, COLUMN)
def test_any_input_is_a_dataset_or_a_table_error(text, x, y):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            table = read_table(text, x=x, y=y)
            bowl = neuron.bowl(table.dataset)
    except TableError as e:
        message = str(e)
        assert all(unicodedata.category(c)[0] != "C" for c in message)
        if x is None and y is None:
            assert re.match(r"lines? \d+", message), message
        return
    assert len(table.dataset) >= 2 and np.unique(table.dataset.x).size >= 2
    assert np.all(np.isfinite(table.dataset.x)) and np.all(np.isfinite(table.dataset.y))
    assert np.all(bowl.curvatures > 0) and np.all(np.isfinite(bowl.optimum))


def test_a_column_beyond_a_short_header_has_no_name_instead_of_an_index_error():
    table = read_table("a,b\n1,2,3\n4,5,6\n", x=2)
    assert table.columns == (2, 0)
    assert (table.dataset.x_name, table.dataset.y_name) == (None, "a")


# ---- data in a link: to_token / from_token ----------------------------------------

# names as read_table leaves them: one line, single spaces, not numbers
NAMES = st.none() | st.from_regex(r'[A-Za-z()°/"",;]{1,8}( [A-Za-z()°/]{1,8})?', fullmatch=True)


@settings(max_examples=150)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=60),
    st.data(),
)
def test_a_token_carries_a_dataset_exactly_names_included(x, data):
    from neuron.tables import from_token, to_token

    assume(np.unique(x).size >= 2 and condition(np.array(x)) < 1e10)
    y = data.draw(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=len(x),
                           max_size=len(x)))  # fmt: skip
    dataset = neuron.Dataset(x, y, data.draw(NAMES), data.draw(NAMES))
    token = to_token(dataset)
    assert re.fullmatch(r"z[A-Za-z0-9_-]+", token)  # URL-safe as it is
    back = from_token(token)
    np.testing.assert_array_equal(back.x, x)
    np.testing.assert_array_equal(back.y, y)
    assert (back.x_name, back.y_name) == (dataset.x_name, dataset.y_name)


def test_a_few_hundred_rounded_points_fit_a_link_and_a_hundred_thousand_do_not():
    from neuron.parameters import MAX_TOKEN
    from neuron.tables import to_token

    rng = np.random.default_rng(0)
    x = rng.normal(20, 5, 400).round(1)
    small = neuron.Dataset(x, (x * 1.8 + 32 + rng.normal(0, 1, 400)).round(1))
    assert len(to_token(small)) <= MAX_TOKEN + 1
    x = rng.normal(20, 5, 100_000)
    assert to_token(neuron.Dataset(x, x * 1.8)) is None


@pytest.mark.parametrize(
    "token",
    ["", "abc", "z", "z!!!", "zAAAA", "z" + "A" * 20_000],
)
def test_a_damaged_or_foreign_token_is_a_table_error(token):
    from neuron.tables import from_token

    with pytest.raises(TableError, match="data"):
        from_token(token)


def test_a_token_of_a_bomb_is_refused_unread():
    import base64
    import zlib

    from neuron.tables import from_token

    packed = zlib.compress(b"1,2\n" * 3_000_000, 9)  # 12 MB of text, a few kB packed
    token = "z" + base64.urlsafe_b64encode(packed).decode().rstrip("=")
    with pytest.raises(TableError):
        from_token(token)


# ---- every TableError's code and values ---------------------------------------------

FIELD = '"' + "1" * 200_000 + '",2\n'  # longer than csv's field limit
# (what is read, read_table's x and y, the code, the values): one case per raise
CASES = [
    ("", {}, "empty", {"line": 1}),
    ("sep=;\n\n", {}, "empty", {"line": 1}),
    ('"sep=;"\n', {}, "empty", {"line": 1}),
    ("x,y\n", {}, "header_only", {"line": 1}),
    (lambda: "1,2\n" * 100_001, {}, "too_many_rows", {"line": 100_001, "limit": 100_000}),
    (lambda: b"1,2\n" * 1_300_001, {}, "too_big", {"size": 5.200004, "limit": 5.0}),
    (lambda: "é,2\n" * 5_000_001, {}, "too_big", {"size": 20.000004, "limit": 5.0}),
    (None, {}, "not_text", {"type": "NoneType"}),
    ("x,y\n1,2\n" + FIELD, {}, "unreadable", {"line": 3, "reason": ANY}),
    ("x,y\n" + "1,2\n" * 60 + FIELD, {}, "unreadable", {"line": 62, "reason": ANY}),
    ("x\n1\n2\n", {}, "one_column", {"line": 1}),
    ("a,b,c\n1,2,3\n", {"x": 1, "y": "B"}, "same_column", {"column": 2}),
    ("a,b,c\n1,2,3\n", {"y": 7}, "no_such_index", {"axis": "y", "last": 2, "choice": 7}),
    ("a,b,c\n1,2,3\n", {"x": True}, "not_a_column", {"axis": "x", "choice": True}),
    ("1,2\n3,4\n", {"x": "a"}, "no_header", {"axis": "x", "name": "a"}),
    ("a,b,c\n1,2,3\n", {"x": "size"}, "no_such_name",
     {"axis": "x", "name": "size", "header": ("a", "b", "c")}),
    ("x,y\n1,2\n3,\n", {}, "empty_cell", {"line": 3, "column": 2}),
    ("x;y\n1;2\n3;NaN\n", {}, "not_finite", {"line": 3, "column": 2, "cell": "NaN"}),
    ("x,y\n1,2\n3,abc\n", {}, "not_a_number", {"line": 3, "column": 2, "cell": "abc"}),
    ("x,y\n1,2\n1e999,3\n", {}, "too_large", {"line": 3, "column": 1, "cell": "1e999"}),
    ("1,2\n", {}, "one_row", {"line": 1, "column": 1}),
    ("x,y\n\n5,2\n5,3\n", {}, "too_few_x", {"first": 3, "last": 4, "column": 1}),
    ("1e12,0\n1000000000001,1\n", {}, "too_close", {"first": 1, "last": 2, "column": 1}),
    ("token:abc", {}, "not_a_token", {}),
    ("token:zAAAA", {}, "damaged_token", {}),
    (lambda: "token:" + cut_token(), {}, "damaged_token", {}),
]  # fmt: skip


def cut_token():
    """A link's data token cut short where base64 still reads: its deflate stream unended."""
    token = neuron.tables.to_token(neuron.Dataset(np.arange(50.0), np.arange(50.0) ** 2))
    return token[: 1 + (len(token) - 1) // 2 // 4 * 4]


def raised(text, kwargs):
    """The TableError that reading ``text`` (or a link token, "token:…") raises."""
    text = text() if callable(text) else text
    with pytest.raises(TableError) as caught:
        if isinstance(text, str) and text.startswith("token:"):
            from_token(text.removeprefix("token:"))
        else:
            read_table(text, **kwargs)
    return caught.value


def raised_codes():
    """The code of every ``raise TableError`` (and ``return TableError``) in neuron/tables.py."""
    tree = ast.parse(Path(neuron.tables.__file__).read_text())
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "TableError"
    ]
    return [
        next((k.value.value for k in call.keywords if k.arg == "code"), None) for call in calls
    ]


def test_every_table_error_raised_has_a_code_and_each_code_a_case():
    codes = raised_codes()
    assert len(codes) >= 20 and None not in codes, codes
    assert set(codes) == {code for *_, code, _ in CASES}
    assert len(CASES) >= len(codes)  # each raise site is triggered (some share a code)


@pytest.mark.parametrize(("text", "kwargs", "code", "values"), CASES)
def test_each_table_error_carries_its_code_and_the_values_its_message_names(
    text, kwargs, code, values
):
    error = raised(text, kwargs)
    assert (error.code, dict(error.values)) == (code, values)
    for name, value in error.values.items():
        shown = ", ".join(f'"{c}"' for c in value) if isinstance(value, tuple) else str(value)
        if name == "size":
            shown = f"{value:.1f}"
        if name not in ("limit", "choice"):
            assert shown in str(error), (name, shown)
    with pytest.raises(TypeError):
        error.values["line"] = 99  # read-only
