"""The preset catalog in the database: the engine defines the styles, admins may
rename, retag or hide them; loading never overwrites an admin's edits."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile

from generation.engine import PRESET_STYLES, encode_image, render_preset_preview
from generation.models import Preset


@dataclass(frozen=True)
class CatalogReport:
    created: int
    updated: int
    previews: int
    total: int


def preset_catalog_load(*, rerender: bool = False) -> CatalogReport:
    created = updated = previews = 0
    for order, style in enumerate(PRESET_STYLES):
        preset, was_created = Preset.objects.get_or_create(
            pk=style.id,
            defaults={"name": style.name, "prompt_text": style.prompt_text, "categories": list(style.categories),
                      "tags": list(style.tags), "base_style": style.id, "sort_order": order},
        )
        created += was_created
        if not was_created and preset.sort_order != order:
            Preset.objects.filter(pk=preset.pk).update(sort_order=order)
            updated += 1
        if rerender or not preset.preview:
            image = render_preset_preview(preset.base_style)
            encoded = encode_image(image, "jpeg")
            if preset.preview:
                preset.preview.delete(save=False)
            preset.preview.save(f"{preset.pk}.{encoded.extension}", ContentFile(encoded.data), save=True)
            previews += 1
    return CatalogReport(created=created, updated=updated, previews=previews, total=Preset.objects.count())


def preset_search(*, category: str | None = None, tag: str | None = None, q: str | None = None) -> list[Preset]:
    # The catalog is small (dozens); filtering JSON lists in Python works the same on
    # SQLite and PostgreSQL.
    matches = list(Preset.objects.filter(is_active=True).order_by("sort_order", "id"))
    if category:
        wanted = category.strip().lower()
        matches = [p for p in matches if any(c.lower() == wanted for c in p.categories)]
    if tag:
        wanted = tag.strip().lower()
        matches = [p for p in matches if any(t.lower() == wanted for t in p.tags)]
    if q:
        needle = q.strip().lower()
        matches = [p for p in matches if needle in p.name.lower() or needle in p.prompt_text.lower()
                   or needle in p.pk or any(needle in t.lower() for t in p.tags)]
    return matches
