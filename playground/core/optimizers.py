"""The optimizers as the page knows them: one entry each, over the engine's registry.

An entry adds to the engine's (its class, hyper-parameters, closed form and
stability model: ``neuron.optimizers.REGISTRY``) what only the page needs: its
colour and dash in every chart, the stem of its words in the catalogues, and
the Math view's worked update. Page code asks an entry what it can do; it never
compares names. Adding an optimizer is an engine class, an entry here, its words
(``optimizer.<name>``, and ``verdict.<name>.*``, ``reading.<name>``, ``why.<name>``,
``map.<name>``, ``lr.where_<name>`` when it has no closed form) and its tests.
"""

from dataclasses import dataclass

from neuron.optimizers import REGISTRY as ENGINE


@dataclass(frozen=True)
class Optimizer:
    """One optimizer on the page.

    Attributes
    ----------
    name : str
        Stable: links (``optimizer=``), keys and the engine's registry use it.
    colour : str
        Its line in every chart (3:1 against the page at least).
    dash : tuple of int
        Its dash pattern, so that no meaning rests on colour alone.
    update : str or None
        The Math view's worked update (``playground.compute.updates.WORKED``);
        None for plain descent, whose update the article's worked example shows.
    """

    name: str
    colour: str
    dash: tuple
    update: str | None = None

    @property
    def engine(self):
        """The engine's entry: class, hyper-parameters, closed form, stability model."""
        return ENGINE[self.name]

    @property
    def hyper_parameters(self):
        """Link names of the hyper-parameters it takes besides the rate."""
        return self.engine.hyper_parameters

    @property
    def closed_form(self):
        """Its run is exact in closed form (else a loop: heavy, and read off the run)."""
        return self.engine.closed_form

    @property
    def stability(self):
        """How its stability is judged: "quadratic", "momentum" or None (no formula)."""
        return self.engine.stability

    @property
    def nesterov(self):
        """Its step looks ahead (the stability map's Nesterov kind)."""
        return dict(self.engine.fixed).get("nesterov", False)

    @property
    def label(self):
        """The key of its name in the catalogues."""
        return f"optimizer.{self.name}"


OPTIMIZERS = (
    Optimizer("gd", "#332288", (1, 0)),
    Optimizer("momentum", "#117733", (9, 4), update="momentum"),
    Optimizer("nesterov", "#AA4499", (3, 3), update="momentum"),
    Optimizer("adam", "#A0522D", (12, 3, 3, 3), update="adam"),
    Optimizer("rmsprop", "#882255", (2, 2, 8, 2), update="rmsprop"),
)
BY_NAME = {o.name: o for o in OPTIMIZERS}
PLAIN = OPTIMIZERS[0]  # plain descent: the article's, the beginner's, the yardstick
