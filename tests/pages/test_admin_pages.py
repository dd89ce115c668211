from __future__ import annotations

import re

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
    "generation/preset", "generation/idempotencyrecord", "generation/accountworkload", "generation/brandkit",
    "billing/ledgerentry",
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


def test_admin_pages_carry_the_products_name_and_plain_model_names(admin_client_):
    index = admin_client_.get("/admin/").content.decode()
    assert "<title>Accounts, jobs, credits and webhooks | Creative Studio admin</title>" in index
    assert "Creative Studio admin" in index.split("</header>")[0]
    assert ">API keys<" in index and ">Webhook deliveries<" in index
    assert "Api keys" not in index and "deliverys" not in index and "Django administration" not in index


def test_admin_output_format_filter_lists_formats_in_their_order(admin_client_, account):
    from generation import engine

    run_job(web_job(account, formats=["F1", "F10", "F4"]).pk)
    page = admin_client_.get("/admin/generation/joboutput/").content.decode()
    filter_html = page[page.index('id="changelist-filter"'):]
    shown = re.findall(r"\?format=(F\d+)", filter_html)
    assert shown == sorted(engine.FORMATS, key=lambda code: int(code[1:])) and shown[:3] == ["F1", "F2", "F3"]
    only_f10 = admin_client_.get("/admin/generation/joboutput/?format=F10").content.decode()
    assert "1 job output" in only_f10


def _grant_form(client, accounts) -> str:
    ask = client.post("/admin/accounts/account/", {"action": "grant_credits",
                                                   "_selected_action": [a.pk for a in accounts]})
    assert ask.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', ask.content.decode()).group(1)


def test_admin_grant_credits_writes_one_ledger_grant_per_account_naming_the_operator(admin_client_, make_account):
    from billing.services import ledger_mismatches
    from tests.conftest import fresh

    first, second = make_account(credits=0), make_account(credits=7)
    token = _grant_form(admin_client_, [first, second])
    done = admin_client_.post("/admin/accounts/account/", {
        "action": "grant_credits", "_selected_action": [first.pk, second.pk], "apply": "1", "amount": "1",
        "reason": "Conference voucher", "token": token}, follow=True)
    assert "Granted 1 credit to 2 accounts." in done.content.decode()
    assert (fresh(first).credits_available, fresh(second).credits_available) == (1, 8)
    grants = LedgerEntry.objects.filter(kind="grant", reason="Conference voucher · granted by admin@example.com")
    assert sorted(grants.values_list("account_id", "available_delta")) == sorted([(first.pk, 1), (second.pk, 1)])
    assert ledger_mismatches() == []


def test_admin_grant_credits_sent_twice_grants_once(admin_client_, account):
    from tests.conftest import fresh

    token = _grant_form(admin_client_, [account])
    body = {"action": "grant_credits", "_selected_action": [account.pk], "apply": "1", "amount": "50",
            "reason": "", "token": token}
    admin_client_.post("/admin/accounts/account/", body)
    again = admin_client_.post("/admin/accounts/account/", body, follow=True)
    assert "granted already" in again.content.decode()
    assert fresh(account).credits_available == 75
    assert LedgerEntry.objects.filter(account=account, kind="grant", reason="granted by admin@example.com").count() == 1


def test_admin_grant_credits_refuses_a_forged_token_and_a_bad_amount(admin_client_, account):
    from tests.conftest import fresh

    _grant_form(admin_client_, [account])
    body = {"action": "grant_credits", "_selected_action": [account.pk], "apply": "1", "amount": "10", "token": "x"}
    assert "granted already" in admin_client_.post("/admin/accounts/account/", body, follow=True).content.decode()
    token = _grant_form(admin_client_, [account])
    bad = admin_client_.post("/admin/accounts/account/", {**body, "amount": "0", "token": token})
    assert bad.status_code == 200 and "greater than or equal to 1" in bad.content.decode()
    assert fresh(account).credits_available == 25
