"""Per-process caches of the engine, in one place.

Everything cached is deterministic and reused by a long-running worker: parsed fonts,
unit widths, rasterized text lines, corner masks, background scenes. Each cache is a
bounded functools.lru_cache registered here so the benchmark (and tests) can clear
them all and report hit rates.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict, namedtuple
from functools import lru_cache
from typing import Any, Callable

_REGISTRY: dict[str, Any] = {}  # each has cache_clear() and cache_info()


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


def _image_bytes(img) -> int:
    return img.width * img.height * 4  # Pillow keeps RGB at 4 bytes a pixel


class _ImageCache:
    """An LRU of images bounded by their memory: full-size backgrounds vary from 60 KB
    (320×50) to 8 MB (1080×1920), so a count would bound nothing."""

    def __init__(self, fn, max_bytes: int, nbytes: Callable = _image_bytes):
        self._fn = fn
        self._max = max_bytes
        self._nbytes = nbytes
        self._items: OrderedDict = OrderedDict()
        self._bytes = self.hits = self.misses = 0
        self._lock = threading.Lock()
        self.__wrapped__ = fn
        functools.update_wrapper(self, fn)

    def __call__(self, *args):
        with self._lock:
            img = self._items.get(args)
            if img is not None:
                self._items.move_to_end(args)
                self.hits += 1
                return img
        img = self._fn(*args)
        size = self._nbytes(img)
        with self._lock:
            self.misses += 1
            if args not in self._items and size <= self._max:
                self._items[args] = img
                self._bytes += size
                while self._bytes > self._max:
                    _, old = self._items.popitem(last=False)
                    self._bytes -= self._nbytes(old)
        return img

    def cache_clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def cache_info(self):
        return _Info(self.hits, self.misses, self._max, len(self._items))


_Info = namedtuple("_Info", "hits misses maxsize currsize")


def cached_images(max_mb: int, nbytes: Callable = _image_bytes):
    """Like cached(), for functions returning images (or what `nbytes` can weigh),
    bounded by megabytes."""
    def decorate(fn):
        wrapped = _ImageCache(fn, max_mb * 1024 * 1024, nbytes)
        _REGISTRY[f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"] = wrapped
        return wrapped
    return decorate


class TableCache:
    """Plain dicts, one per key (a font face at a size), that a hot loop reads directly,
    bounded together by the bytes of what they hold: once over the budget, the least
    recently used tables go first. A worker drawing many sizes keeps the ones in use."""

    def __init__(self, name: str, max_bytes: int):
        self._max = max_bytes
        self._tables: OrderedDict = OrderedDict()  # key -> (table, [bytes])
        self._bytes = 0
        self.lookups = self.misses = 0
        self._lock = threading.Lock()
        _REGISTRY[name] = self

    def table(self, key) -> dict:
        with self._lock:
            found = self._tables.get(key)
            if found is None:
                found = self._tables[key] = ({}, [0])
            else:
                self._tables.move_to_end(key)
            return found[0]

    def put(self, key, table: dict, entry_key, value, nbytes: int) -> None:
        """Add an entry to `table` (the table of `key`) and evict if over the budget."""
        table[entry_key] = value
        with self._lock:
            self.misses += 1
            found = self._tables.get(key)
            if found is None or found[0] is not table:  # evicted meanwhile: the entry is simply dropped
                return
            found[1][0] += nbytes
            self._bytes += nbytes
            while self._bytes > self._max and len(self._tables) > 1:
                old_key, (_, old_bytes) = next(iter(self._tables.items()))
                if old_key == key:
                    break
                del self._tables[old_key]
                self._bytes -= old_bytes[0]

    def cache_clear(self) -> None:
        with self._lock:
            self._tables.clear()
            self._bytes = 0

    def cache_info(self):
        return _Info(self.lookups - self.misses, self.misses, self._max, len(self._tables))
