import pytest

from billing.services import ledger_mismatches


@pytest.fixture(autouse=True)
def ledger_stays_balanced(request):
    """Whatever a test did, Σ ledger = balance for every account afterwards."""
    uses_db = any(name in request.fixturenames for name in ("db", "transactional_db"))
    if uses_db:
        # Asked for here so the database outlives this fixture's check.
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    yield
    if uses_db:
        assert ledger_mismatches() == []
