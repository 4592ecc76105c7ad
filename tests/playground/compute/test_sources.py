"""Where a run's data comes from: bundled datasets, link tokens, held tables."""

import numpy as np
import pytest

import neuron
from neuron.tables import from_token
from playground.compute import analysis, sources
from playground.core.settings import Settings


@pytest.fixture(autouse=True)
def empty_store():
    sources.clear()
    yield
    sources.clear()


def critical(dataset):
    """2/λmax of the Hessian 2·[[mean x², mean x], [mean x, 1]], computed here."""
    x = dataset.x
    return 2 / np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), x.mean()], [x.mean(), 1]]))[-1]


@pytest.mark.parametrize("name", neuron.DATASETS)
def test_a_bundled_dataset_is_what_the_run_trains_on(name):
    outcome = analysis.analyse(Settings(dataset=name, iterations=10))
    expected = neuron.dataset(name)
    np.testing.assert_array_equal(outcome.data.x, expected.x)
    assert outcome.bowl.critical_learning_rate == pytest.approx(critical(expected), rel=1e-9)
    assert outcome.optimum.weight == pytest.approx(np.polyfit(expected.x, expected.y, 1)[0])
    assert not outcome.article and not outcome.range_fallback


def test_kelvin_is_about_ninety_times_less_forgiving_than_celsius():
    c = analysis.analyse(Settings(iterations=10)).bowl.critical_learning_rate
    k = analysis.analyse(Settings(dataset="kelvin", iterations=10)).bowl.critical_learning_rate
    assert c == pytest.approx(0.0012, rel=0.01)
    assert k == pytest.approx(0.000013, rel=0.05)
    assert 80 < c / k < 100


def test_small_data_travels_as_a_token_large_data_is_held_until_evicted():
    small = neuron.Dataset([1.0, 2.0, 3.0], [2.0, 4.5, 6.0], "a", "b")
    token = sources.key_of(small)
    assert sources.travels(token)
    np.testing.assert_array_equal(from_token(token).y, small.y)
    x = np.arange(sources.LINK_POINTS + 1, dtype=float)
    large = neuron.Dataset(x, 2 * x)
    key = sources.key_of(large)
    assert not sources.travels(key) and sources.own(key) is large
    for i in range(sources.HELD):  # other sessions' tables push it out
        sources.key_of(neuron.Dataset(x, 2 * x + i + 1))
    with pytest.raises(sources.DataGone, match="upload it again"):
        sources.own(key)


def test_own_data_without_a_table_is_the_articles_range():
    outcome = analysis.analyse(Settings(dataset="own", iterations=10))
    assert outcome.article
    np.testing.assert_array_equal(outcome.data.x, neuron.make_dataset().x)
