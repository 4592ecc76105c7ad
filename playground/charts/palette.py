"""Colours by role: one meaning per colour across every chart.

The article's three lines keep its hues (actual blue, before red, after
green) in the Okabe–Ito palette; every colour here reaches 3:1 against the
white page (WCAG 2.1 for graphics), and every line also has its own dash or
marker, so no meaning rests on colour alone.
"""

from playground.core import optimizers as registry

ACTUAL, BEFORE, AFTER = "#0072B2", "#D55E00", "#009E73"  # the article's picture
INSPECTED = "#AA3377"  # the iteration the scrubber inspects
WEIGHT, BIAS = "#A65F00", "#7B3FA0"  # a parameter, and all that belongs to it
CONVERGES, OVERSHOOTS, EDGE, DIVERGES = "#007A5A", "#9A6700", "#5F5F5F", "#C2185B"
OPTIMUM, INK, DATA = "#222222", "#222222", "#6E6E6E"
# Compared learning rates, smallest first: a sequential ramp (plasma, cut
# where it would drop below 3:1 on white).
RATES = ("#0D0887", "#41049D", "#5601A4", "#7E03A8", "#A11B9B", "#BF3984", "#CC4778", "#E16462")
DASHES = ([1, 0], [8, 4], [3, 3], [12, 3, 3, 3], [2, 5], [16, 4], [6, 2, 2, 2], [4, 8])
# Optimizers compared on one chart, each with its own hue and dash (Paul Tol's
# muted scheme, the hues that reach 3:1), the same on every chart: each entry of
# the optimizers' registry holds its own.
OPTIMIZERS = {o.name: o.colour for o in registry.OPTIMIZERS}
OPTIMIZER_DASHES = {o.name: list(o.dash) for o in registry.OPTIMIZERS}
