"""The exact arithmetic under ``neuron.exact``: sums of products of floats, exactly."""

from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neuron import exact

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
arrays = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        hnp.arrays(float, n, elements=finite), hnp.arrays(float, n, elements=finite)
    )
)


@settings(max_examples=300, deadline=None)
@given(arrays)
def test_exact_dot_is_the_sum_of_the_exact_products(pair):
    a, b = pair
    want = sum((Fraction(x) * Fraction(y) for x, y in zip(a.tolist(), b.tolist())), Fraction(0))
    assert exact.exact_dot(a, b) == want


def test_exact_dot_over_more_rows_than_one_block_holds():
    rng = np.random.default_rng(3)
    n = exact._BLOCK + 1000
    a = rng.uniform(-4e3, 4e3, n) * (1 - 2 * (rng.random(n) < 0.5))
    a[::97] = 2.0**-1074 * rng.integers(1, 1000, a[::97].size)  # subnormals among them
    b = rng.normal(0, 1e-3, n)
    want = sum((Fraction(x) * Fraction(y) for x, y in zip(a.tolist(), b.tolist())), Fraction(0))
    assert exact.exact_dot(a, b) == want


def test_the_data_moments_are_what_decimal_sums_give():
    """The same 60 digits the plain Decimal sums gave before (the oracle it replaced)."""
    rng = np.random.default_rng(5)
    x = rng.uniform(-40, 40, 2000).round(2)
    y = x * 1.8 + 32 + rng.normal(0, 2, x.size)
    with localcontext() as ctx:
        ctx.prec = exact.PRECISION
        xs, ys = [Decimal(v) for v in x.tolist()], [Decimal(v) for v in y.tolist()]
        n = Decimal(len(xs))
        plain = sum(x * y for x, y in zip(xs, ys)) / n
        fast = exact._decimal(exact.exact_dot(x, y) / len(x))
    assert abs(fast - plain) <= abs(plain) * Decimal(10) ** (5 - exact.PRECISION)
