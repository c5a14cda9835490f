"""Every edit form, saved unchanged as a browser would send it, changes nothing; every date picker shows its date.

The claim edit page once rendered its deadline as 31/12/2019 in a date picker: the browser showed it empty,
submitted it empty, and saving the page erased the deadline. These tests read each page as a browser does
(tests/html_forms.py), so any field whose shown value a browser would not send back is found, on every edit
page and every admin change page, whatever the field.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, LedgerEntry
from claims.services import claim_update
from sources.models import Report, Source
from tests.factories import UserFactory
from tests.html_forms import ISO_DATE, forms_in, post_form

pytestmark = pytest.mark.django_db

RECORD_APPS = ("claims", "sources")


@pytest.fixture
def demo(db):
    call_command("load_demo")
    # A claim whose every optional field is set, with line breaks in its texts, so nothing is left untried.
    claim = Claim.objects.filter(estimative_words="").order_by("pk").first()
    claim_update(claim=claim, quote="First line.\nSecond line.", probability=0.7)


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="chief", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def record_state() -> dict:
    """Return the number of rows of every table of the record, its history and its ledger."""
    counts = {
        model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label in RECORD_APPS
    }
    counts["ledger"] = LedgerEntry.objects.count()
    return counts


def rows(models) -> dict[tuple[str, int], dict]:
    """Return every row of the given models, by model and primary key."""
    return {(model._meta.label, row["id"]): row for model in models for row in model.objects.order_by("pk").values()}


def changes(before: dict, after: dict) -> list[tuple]:
    """Return (row, field, before, after) for every value that differs, and rows that came or went."""
    found = [
        (key, "(row)", before.get(key) is not None, after.get(key) is not None) for key in before.keys() ^ after.keys()
    ]
    for key in before.keys() & after.keys():
        found += [
            (key, name, value, after[key][name]) for name, value in before[key].items() if after[key][name] != value
        ]
    return sorted(found, key=str)


def edit_pages() -> list[tuple[str, type]]:
    pages = [(reverse("claims:claim_update", args=[pk]), Claim) for pk in Claim.objects.values_list("pk", flat=True)]
    pages += [
        (reverse("sources:source_update", args=[slug]), Source)
        for slug in Source.objects.values_list("slug", flat=True)
    ]
    pages += [
        (reverse("sources:report_update", args=[pk]), Report) for pk in Report.objects.values_list("pk", flat=True)
    ]
    return pages


def save_unchanged(client, url: str):
    page = client.get(url)
    assert page.status_code == 200, url
    form = post_form(page.content.decode())
    return client.post(form.action or url, form.data())


def test_every_site_edit_form__saved_unchanged__changes_nothing(demo, staff_client):
    pages = edit_pages()
    assert len(pages) == 7 + 5 + 42, "every claim, source and report of the demo record is tried"
    before_state, before_rows = record_state(), rows((Claim, Source, Report))
    for url, _model in pages:
        response = save_unchanged(staff_client, url)
        assert response.status_code == 302, f"{url} refused its own values: {response.content.decode()[:2000]}"
    found = changes(before_rows, rows((Claim, Source, Report)))
    assert found == [], sorted({(key[0], name) for key, name, *_ in found})
    assert record_state() == before_state, "saving unchanged forms wrote history or ledger entries"


def admin_change_pages() -> list[str]:
    urls = []
    for model in admin.site._registry:
        if model._meta.app_label not in RECORD_APPS:
            continue
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:3]:
            urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk]))
    return urls


def test_every_admin_change_form__saved_unchanged__changes_nothing(demo, staff_client):
    urls = admin_change_pages()
    assert any("/claims/claim/" in url for url in urls) and any("/sources/report/" in url for url in urls)
    before_state = record_state()
    models = [model for model in admin.site._registry if model._meta.app_label in RECORD_APPS]
    before_rows = rows(models)
    saved = 0
    for url in urls:
        page = staff_client.get(url)
        assert page.status_code == 200, url
        form = post_form(page.content.decode())
        if ("_save", "Save") not in form.submit_names:
            continue  # a record the admin only shows (resolutions are appended, never edited)
        saved += 1
        response = staff_client.post(url, form.data())
        assert response.status_code == 302, f"{url} refused its own values: {response.content.decode()[:3000]}"
    assert saved >= 10, "the change forms of most of the record's models were saved"
    found = changes(before_rows, rows(models))
    assert found == [], sorted({(key[0], name) for key, name, *_ in found})
    assert record_state() == before_state


def test_every_date_picker_on_every_form_page__shows_an_iso_date(demo, staff_client):
    claim = Claim.objects.resolved().order_by("pk").first()
    urls = (
        [url for url, _ in edit_pages()]
        + admin_change_pages()
        + [
            reverse("claims:claim_create"),
            reverse("claims:claim_resolve", args=[claim.pk]),
            reverse("claims:claim_list") + "?made_after=2016-03-01&made_before=2019-12-31&deadline_after=2017-01-01",
            reverse("claims:leaderboard") + "?from=2016-01-01&to=2019-12-31",
            claim.commentator.get_absolute_url() + "?from=2016-01-01&to=2019-12-31",
        ]
    )
    shown = []
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        for form in forms_in(response.content.decode()):
            shown += [(url, name, value) for name, value in form.date_inputs]
    assert any(value for _, _, value in shown), "some date picker holds a date, so the check can fail"
    assert [item for item in shown if item[2] and not ISO_DATE.match(item[2])] == []
