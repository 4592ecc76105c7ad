"""A single neuron that learns Fahrenheit from Celsius by gradient descent.

The engine of the Single-Neuron Playground: numpy and the standard library
only, no state, every function returns new values. ``train`` runs plain
gradient descent, momentum, Nesterov, Adam or RMSProp (``neuron.optimizers``), on
the full batch or on sampled mini-batches (``expected_run``: their exact mean);
``stability`` and ``Bowl`` say what the data and the rate will do;
``iterations_to_learn``, ``crossings`` and ``read`` say what a run did.
"""

from neuron.bowl import Bowl, bowl, least_squares
from neuron.data import Dataset, Scaling, make_dataset, random_start, standardize
from neuron.datasets import DATASETS, dataset
from neuron.learning import (
    Band,
    Crossing,
    Crossings,
    Learned,
    crossings,
    depends_on_rounding,
    iterations_to_learn,
)
from neuron.model import Forward, Gradients, Parameters, backward, forward, predict, update
from neuron.optimizers import Adam, GradientDescent, Momentum, RMSProp, optimizer
from neuron.precision import Floor, float64_floor, printed_threshold, rounded
from neuron.reading import Reading, read, vouched
from neuron.stability import Stability, stability, stability_grid
from neuron.stochastic import ExpectedRun, expected_losses_after, expected_run
from neuron.tables import Table, TableError, read_table
from neuron.training import Row, TrainingRun, loss_surface, losses_after, train

__all__ = [
    "DATASETS",
    "Adam",
    "Band",
    "Bowl",
    "Crossing",
    "Crossings",
    "Dataset",
    "ExpectedRun",
    "Floor",
    "Forward",
    "GradientDescent",
    "Gradients",
    "Learned",
    "Momentum",
    "Parameters",
    "RMSProp",
    "Reading",
    "Row",
    "Scaling",
    "Stability",
    "Table",
    "TableError",
    "TrainingRun",
    "backward",
    "bowl",
    "crossings",
    "dataset",
    "depends_on_rounding",
    "expected_losses_after",
    "expected_run",
    "float64_floor",
    "forward",
    "iterations_to_learn",
    "least_squares",
    "loss_surface",
    "losses_after",
    "make_dataset",
    "optimizer",
    "predict",
    "printed_threshold",
    "random_start",
    "read",
    "read_table",
    "rounded",
    "stability",
    "stability_grid",
    "standardize",
    "train",
    "update",
    "vouched",
]
