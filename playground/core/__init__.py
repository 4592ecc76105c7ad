"""The core: the parameter table, settings, the registries (views, optimizers)
and every word the page shows. Imports only ``neuron`` and the standard library."""
