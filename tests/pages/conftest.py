from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Account


def browser_for(account: Account) -> Client:
    """A Django test client signed in as the account's user."""
    client = Client()
    client.force_login(account.users.get())
    return client


@pytest.fixture
def browser(account) -> Client:
    return browser_for(account)
