"""Where a run's data comes from: the article's range, a bundled dataset, or the
person's own table.

``Settings`` stay small and hashable, so they never hold arrays: their ``data``
is text that names the table. Small tables are a link's token
(``neuron.tables.to_token``), which holds the numbers themselves and is read
back once per distinct token. A table too large for a link is held here, in one
bounded, process-wide store, under "h" and a hash of its content; the page puts
it back on every run from the upload it came from, so a table evicted by other
sessions' tables comes back on the next run.
"""

import hashlib
import threading
from collections import OrderedDict
from functools import lru_cache

import neuron
from neuron.parameters import DATASETS, OWN
from neuron.tables import from_token, to_token

HELD = 8  # large tables held at once, process-wide (100,000 rows: 1.6 MB each)
LINK_POINTS = 500  # more rows than this never travel in a link
_held = OrderedDict()
_lock = threading.Lock()


class DataGone(ValueError):
    """A held table that is no longer held (the process restarted, or evicted it)."""


def key_of(dataset):
    """The text that names ``dataset`` in Settings: its link token if it fits in a
    link, else its hash, with the table held here."""
    token = to_token(dataset) if len(dataset) <= LINK_POINTS else None
    if token is not None:
        return token
    digest = hashlib.sha256()
    for part in (dataset.x.tobytes(), dataset.y.tobytes(), repr((dataset.x_name, dataset.y_name))):
        digest.update(part if isinstance(part, bytes) else part.encode())
    key = "h" + digest.hexdigest()[:32]
    keep(key, dataset)
    return key


def keep(key, dataset):
    """Hold ``dataset`` under ``key`` (again), evicting the least recently kept."""
    with _lock:
        _held[key] = dataset
        _held.move_to_end(key)
        while len(_held) > HELD:
            _held.popitem(last=False)


def held(key):
    """Whether the table named ``key`` is held here now."""
    with _lock:
        return key in _held


def travels(key):
    """Whether the data named ``key`` can travel in a link."""
    return key is not None and key.startswith("z")


def own(key):
    """The Dataset ``key`` names (a link token, or a held table's hash).

    Raises
    ------
    neuron.TableError
        A token that does not hold a table.
    DataGone
        A held table no longer held.
    """
    if travels(key):
        return _from_token(key)
    with _lock:
        found = _held.get(key)
    if found is None:
        raise DataGone("data: the uploaded table is no longer held; upload it again")
    return found


@lru_cache(maxsize=32)
def _from_token(token):
    return from_token(token)


@lru_cache(maxsize=len(DATASETS))
def bundled(name):
    """A bundled dataset, read once per process."""
    return neuron.dataset(name)


def of(settings):
    """The data ``settings`` choose, or None for the article's range."""
    if settings.dataset == OWN:
        return own(settings.data) if settings.data else None
    return bundled(settings.dataset) if settings.dataset else None


def clear():
    """Forget every held table and read token (tests)."""
    with _lock:
        _held.clear()
    _from_token.cache_clear()
