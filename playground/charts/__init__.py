"""Chart builders: data frames in, ``alt.Chart`` out (or a ``Poured`` one, converted
once a shape). No Streamlit here."""

from playground.charts.base import to_vega_lite
from playground.charts.landscape import landscape
from playground.charts.rates import batch_rates, finder, rate_strip, sweep
from playground.charts.run import gradients, loss, parameter, sampled_loss

__all__ = [
    "batch_rates",
    "finder",
    "gradients",
    "landscape",
    "loss",
    "parameter",
    "rate_strip",
    "sampled_loss",
    "sweep",
    "to_vega_lite",
]
