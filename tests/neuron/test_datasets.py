"""The bundled datasets: names, sources, and what their bowls do to the article's rate."""

from pathlib import Path

import numpy as np
import pytest

import neuron
from neuron.datasets import DATASETS, FOLDER

MEASURED = ("crickets", "forbes")


def test_the_registry_holds_stable_english_names():
    assert list(DATASETS) == ["celsius", "kelvin", "crickets", "forbes"]
    with pytest.raises(TypeError):
        DATASETS["mine"] = neuron.make_dataset


@pytest.mark.parametrize("name", ["Celsius", "", None, "nope"])
def test_an_unknown_name_is_a_value_error_naming_dataset(name):
    with pytest.raises(ValueError, match=r"^dataset must be one of celsius, kelvin, crickets"):
        neuron.dataset(name)


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_says_what_its_axes_are_and_where_it_comes_from(name):
    d = neuron.dataset(name)
    assert "(" in d.x_name and "(" in d.y_name  # units
    assert d.source
    assert (d.licence is not None) == (name in MEASURED)
    assert neuron.dataset(name) is not d  # built afresh: nobody shares one


def test_celsius_is_the_articles_data():
    d, article = neuron.dataset("celsius"), neuron.make_dataset()
    np.testing.assert_array_equal(d.x, article.celsius)
    np.testing.assert_array_equal(d.y, article.fahrenheit)
    assert article.x_name is None  # make_dataset itself is unchanged


def test_kelvin_is_the_same_relation_shifted_by_273_15():
    d = neuron.dataset("kelvin")
    c = np.arange(-50, 50)
    np.testing.assert_allclose(d.x - 273.15, c, atol=1e-12)
    np.testing.assert_allclose(d.y, c * 9 / 5 + 32)
    slope, intercept = np.polyfit(d.x, d.y, 1)
    assert (slope, intercept) == pytest.approx((1.8, 32 - 1.8 * 273.15), rel=1e-9)


def critical_rate(dataset):
    """2 / λmax from the Hessian's eigenvalues, computed here with numpy."""
    x = dataset.x
    m = x.mean()
    return 2 / np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), m], [m, 1.0]]))[-1]


def test_kelvins_critical_rate_is_about_90_times_smaller_than_celsius():
    celsius, kelvin = neuron.dataset("celsius"), neuron.dataset("kelvin")
    assert neuron.bowl(celsius).critical_learning_rate == pytest.approx(0.0011998, rel=1e-4)
    assert neuron.bowl(kelvin).critical_learning_rate == pytest.approx(1.33028e-5, rel=1e-5)
    ratio = critical_rate(celsius) / critical_rate(kelvin)
    assert ratio == pytest.approx(90.19, abs=0.01)


def test_the_articles_rate_converges_on_celsius_and_diverges_on_kelvin():
    def run(name):
        return neuron.train(
            neuron.dataset(name),
            learning_rate=1e-4,
            iterations=10_000,
            initial_weight=0.5,
            initial_bias=0.5,
            record=[],
        )

    assert run("celsius").diverged_at is None
    diverged = run("kelvin").diverged_at
    assert diverged is not None and diverged < 1_000


@pytest.mark.parametrize(
    ("name", "rows", "slope", "intercept"),
    [("crickets", 15, 3.2911, 25.232), ("forbes", 17, 0.52289, -81.064)],
)
def test_measured_data_has_its_published_size_and_fit(name, rows, slope, intercept):
    d = neuron.dataset(name)
    assert len(d) == rows
    fit = neuron.least_squares(d)
    assert (fit.weight, fit.bias) == pytest.approx((slope, intercept), rel=1e-4)
    assert np.std(d.y - (d.x * fit.weight + fit.bias)) > 0.1  # real data: it is noisy


def test_bundled_files_are_small_and_each_is_described_in_the_readme():
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    files = sorted(FOLDER.glob("*.csv"))
    assert [f.stem for f in files] == sorted(MEASURED)
    for f in files:
        assert f.stat().st_size < 100_000
        assert f"`{f.name}`" in readme
    assert Path(neuron.datasets.__file__).parent / "datasets" == FOLDER
