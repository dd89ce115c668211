"""Related rows attached to an instance as prefetch_related would attach them."""
from __future__ import annotations

from collections.abc import Sequence

from django.db import models


def prefetched_set(instance: models.Model, name: str, objs: Sequence[models.Model]) -> None:
    """Makes `instance.<name>.all()` answer `objs` without a query (as after
    prefetch_related), while `instance.<name>.filter(...)` still asks the database."""
    cached = getattr(instance, name).all()
    cached._result_cache, cached._prefetch_done = list(objs), True
    caches = {**getattr(instance, "_prefetched_objects_cache", {}), name: cached}
    instance._prefetched_objects_cache = caches  # type: ignore[attr-defined]  # Django's private cache
