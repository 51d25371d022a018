"""Strategies are built once per distinct arguments, not once per example.

A case drawing ``data.draw(valid_exprs(coll.schema, dialect))`` inside its body rebuilds the strategy on every
example; building the expression strategy of a nine-field schema costs far more than drawing from it (about
360 ms against 13 ms for a 12-example test, see ``bench/bench_quick_profile.py``). :func:`memoized` keeps the
strategy a builder returned for the same arguments. Hypothesis strategies are immutable values, so one object
serves every test and example; protobuf arguments are keyed by their serialized content and handed to the
builder as private copies, so a caller mutating its schema afterwards neither changes a cached strategy nor
gets a stale one.
"""

from __future__ import annotations

import functools
from collections import OrderedDict

from google.protobuf.message import Message

MAX_ENTRIES = 512  # per builder; schemas drawn per example would otherwise pile up


def _key(value):
    if isinstance(value, Message):
        return (type(value).__qualname__, value.SerializeToString(deterministic=True))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_key(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), _key(v)) for k, v in value.items())))
    hash(value)  # TypeError: not cacheable
    return (type(value).__name__, value)


def _private(value):
    if isinstance(value, Message):
        copy = type(value)()
        copy.CopyFrom(value)
        return copy
    if isinstance(value, list):
        return [_private(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_private(v) for v in value)
    return value


def memoized(builder):
    """Cache ``builder(*args, **kwargs)`` (a function returning a strategy) by its arguments' values."""
    cache: OrderedDict = OrderedDict()

    @functools.wraps(builder)
    def build(*args, **kwargs):
        try:
            key = (_key(args), _key(tuple(sorted(kwargs.items()))))
        except TypeError:  # an argument without a value identity: build afresh
            return builder(*args, **kwargs)
        strategy = cache.get(key)
        if strategy is None:
            strategy = builder(*(_private(a) for a in args), **{k: _private(v) for k, v in kwargs.items()})
            cache[key] = strategy
            if len(cache) > MAX_ENTRIES:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return strategy

    build.cache = cache  # for tests and the benchmark
    build.uncached = builder
    return build
