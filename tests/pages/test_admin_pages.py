from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import ApiKey
from accounts.services import account_create, api_key_create
from billing.models import LedgerEntry
from tests.generation.helpers import run_job
from tests.pages.test_generate_pages import web_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db) -> Client:
    account = account_create(email="admin@example.com", password="adm1n-Passw0rd", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(account.users.get())
    return client


@pytest.mark.parametrize("path", [
    "accounts/account", "accounts/user", "accounts/apikey", "generation/job", "generation/joboutput",
    "generation/preset", "generation/idempotencyrecord", "generation/accountworkload", "billing/ledgerentry",
])
def test_admin_lists_every_model_the_operators_need(admin_client_, path):
    assert admin_client_.get(f"/admin/{path}/").status_code == 200


def test_admin_shows_output_thumbnails_and_key_prefixes_but_never_secrets(admin_client_, account):
    job = run_job(web_job(account, formats=["F6"]).pk)
    output = job.outputs.get()
    outputs_page = admin_client_.get("/admin/generation/joboutput/").content.decode()
    assert f'<img src="{output.file.url}"' in outputs_page
    job_page = admin_client_.get(f"/admin/generation/job/{job.pk}/change/").content.decode()
    assert f'<img src="{output.file.url}"' in job_page
    created = api_key_create(account=account, name="Server", mode=ApiKey.Mode.LIVE)
    for path in (f"/admin/accounts/apikey/{created.api_key.pk}/change/",
                 f"/admin/accounts/account/{account.pk}/change/"):
        html = admin_client_.get(path).content.decode()
        assert created.api_key.prefix in html
        assert created.secret not in html and created.api_key.key_hash not in html


def test_admin_ledger_is_read_only_and_job_actions_are_offered(admin_client_, account):
    entry = LedgerEntry.objects.filter(account=account).first()
    assert admin_client_.get("/admin/billing/ledgerentry/add/").status_code == 403
    page = admin_client_.get(f"/admin/billing/ledgerentry/{entry.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    web_job(account, formats=["F6"])
    jobs_page = admin_client_.get("/admin/generation/job/").content.decode()
    assert 'value="cancel_jobs"' in jobs_page and 'value="rerun_failed_jobs"' in jobs_page


def test_admin_cancel_action_releases_credits_and_rerun_action_queues_the_failed_formats(admin_client_, account):
    from generation.models import Job
    from tests.generation.helpers import LONG_CLAIM
    from tests.conftest import fresh

    queued = web_job(account, formats=["F1", "F4"])
    partial = run_job(web_job(account, formats=["F1", "F12"], claim=LONG_CLAIM).pk)
    assert partial.status == "partial"
    admin_client_.post("/admin/generation/job/", {"action": "cancel_jobs", "_selected_action": [str(queued.pk)]})
    assert Job.objects.get(pk=queued.pk).status == "canceled"
    admin_client_.post("/admin/generation/job/", {"action": "rerun_failed_jobs", "_selected_action": [str(partial.pk)]})
    rerun = Job.objects.exclude(pk__in=[queued.pk, partial.pk]).get()
    assert rerun.request["formats"] == ["F12"] and rerun.metadata["rerunOf"] == str(partial.pk)
    assert fresh(account).credits_reserved == 1
