"""A single neuron that learns Fahrenheit from Celsius by gradient descent.

The engine of the Single-Neuron Playground: numpy and the standard library
only, no state, every function returns new values.
"""

from neuron.bowl import Bowl, bowl, least_squares
from neuron.data import Dataset, Scaling, make_dataset, random_start, standardize
from neuron.model import Forward, Gradients, Parameters, backward, forward, predict, update
from neuron.reading import Reading, read
from neuron.stability import Stability, stability
from neuron.training import TrainingRun, loss_surface, losses_after, train

__all__ = [
    "Bowl",
    "Dataset",
    "Forward",
    "Gradients",
    "Parameters",
    "Reading",
    "Scaling",
    "Stability",
    "TrainingRun",
    "backward",
    "bowl",
    "forward",
    "least_squares",
    "loss_surface",
    "losses_after",
    "make_dataset",
    "predict",
    "random_start",
    "read",
    "stability",
    "standardize",
    "train",
    "update",
]
