from __future__ import annotations

import pytest

from config.env import ImproperEnv, env_prefixed

PRICE = r"price_[A-Za-z0-9_]+"


def test_stripe_prices_are_read_per_catalog_code_from_the_environment(monkeypatch):
    monkeypatch.setenv("STRIPE_PRICE_PACK_100", "price_1Abc")
    monkeypatch.setenv("STRIPE_PRICE_PRO", " price_2Def ")
    monkeypatch.setenv("STRIPE_PRICE_BUSINESS", "")
    prices = env_prefixed("STRIPE_PRICE_", pattern=PRICE)
    assert prices["pack_100"] == "price_1Abc" and prices["pro"] == "price_2Def" and "business" not in prices


def test_a_price_that_is_not_a_stripe_price_id_stops_start_up(monkeypatch):
    monkeypatch.setenv("STRIPE_PRICE_STARTER", "prod_123")
    with pytest.raises(ImproperEnv, match="STRIPE_PRICE_STARTER"):
        env_prefixed("STRIPE_PRICE_", pattern=PRICE)
