"""Localized defaults for creatives, through Django's translation machinery.

The catalogs live in generation/locale/<locale>/LC_MESSAGES/django.po (compiled .mo
committed next to them); Django finds them because `generation` is an installed app.
"""
from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

# Engine language code → Django language code.
DJANGO_LANGUAGE: dict[str, str] = {
    "EN": "en", "DE": "de", "FR": "fr", "ES": "es", "IT": "it", "PT": "pt", "NL": "nl", "PL": "pl",
    "TR": "tr", "SV": "sv", "RU": "ru", "UK": "uk", "EL": "el", "AR": "ar", "HE": "he", "JA": "ja",
    "ZH": "zh-hans", "KO": "ko",
}


def default_cta(language: str) -> str:
    """The call to action used when the request names none, in the claim's language."""
    code = DJANGO_LANGUAGE.get(language.upper(), "en")
    with translation.override(code):
        return gettext("Shop now")
