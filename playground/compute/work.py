"""What a page asks the server to compute, counted in loop updates.

A closed-form run costs the same at any length, so only optimizers with no
closed form (their run is a loop, one update at a time) make a link's cost grow
with its iterations: the main run, each rate of a comparison, each compared
optimizer, the Math view's replay. ``BUDGET`` is what a page computes without
asking; past it the page offers the work behind a button (``ui.budget``).
"""

from playground.compute.analysis import sample_seeds
from playground.compute.updates import REPLAYED
from playground.core.optimizers import BY_NAME

# Loop updates a page runs unasked: about 0.1 s of Adam's loop on this machine
# (bench/train_speed.py), so the costliest link stays near a default page's cost.
BUDGET = 200_000


def loop_updates(settings, runs=1):
    """Updates ``runs`` runs of the settings' optimizer cost: 0 in closed form; a
    sampled run (mini-batches) is a loop whatever the optimizer, drawn for each seed."""
    if settings.batch_size is not None:
        return runs * settings.iterations * len(sample_seeds(settings))
    return 0 if BY_NAME[settings.optimizer].closed_form else runs * settings.iterations


# The reading of a loop run asks ``neuron.depends_on_rounding`` whether rounding decides
# its path: three more runs of its length (moved start, jittered sums, moved optimum)
# besides one repeating the run, and where it does ``neuron.band`` walks it once more.
# They count, so the budget bounds what a page computes.
READING_RUNS = 5


def outcome_updates(settings):
    """Updates the page's own run and its reading cost: the run, and for a loop
    optimizer (not sampled runs, which are read in expectation) the rounding check's."""
    own = loop_updates(settings)
    if settings.batch_size is not None:
        return own
    return own * (1 + READING_RUNS)


def compared_updates(settings, names):
    """Updates the compared optimizers ``names`` cost, besides the settings' own run."""
    others = [n for n in names if n != settings.optimizer]
    return sum(0 if BY_NAME[n].closed_form else settings.iterations for n in others)


def replay_updates(settings, step):
    """Updates the Math view runs to show ``step``: a loop trains that far (an
    unrecorded step), then replays its running means up to ``REPLAYED``."""
    if BY_NAME[settings.optimizer].closed_form:
        return 0
    return step + min(step, REPLAYED)
