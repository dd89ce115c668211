from __future__ import annotations

import django
from django.conf import settings

if not settings.configured:  # plain `pytest -p no:django`: the catalogs only need an app registry
    settings.configure(INSTALLED_APPS=["generation"], USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()

import pytest  # noqa: E402

from generation.engine import LANGUAGES  # noqa: E402
from generation.engine.samples import SAMPLE_CTAS  # noqa: E402
from generation.i18n import default_cta  # noqa: E402


@pytest.mark.parametrize("lang", LANGUAGES)
def test_default_cta_is_translated_through_django_for_every_language(lang):
    assert default_cta(lang) == SAMPLE_CTAS[lang]


def test_default_cta_is_english_for_english_and_unknown_codes():
    assert default_cta("EN") == "Shop now"
    assert default_cta("XX") == "Shop now"
