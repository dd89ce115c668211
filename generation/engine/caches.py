"""Per-process caches of the engine, in one place.

Everything cached is deterministic and reused by a long-running worker: parsed fonts,
unit widths, rasterized text lines, corner masks, background scenes. Each cache is a
bounded functools.lru_cache registered here so the benchmark (and tests) can clear
them all and report hit rates.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

_REGISTRY: dict[str, Callable] = {}


def cached(maxsize: int):
    """functools.lru_cache(maxsize) that registers the function under its qualified name."""
    def decorate(fn):
        wrapped = lru_cache(maxsize=maxsize)(fn)
        _REGISTRY[f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"] = wrapped
        return wrapped
    return decorate


def clear_all() -> None:
    """Forget everything: the state of a worker process that has just started."""
    for fn in _REGISTRY.values():
        fn.cache_clear()


def stats() -> dict[str, tuple[int, int, int]]:
    """(hits, misses, current size) per cache."""
    out = {}
    for name, fn in _REGISTRY.items():
        info = fn.cache_info()
        out[name] = (info.hits, info.misses, info.currsize)
    return out
