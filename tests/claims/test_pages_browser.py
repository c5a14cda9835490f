"""A reader and an editor use the site in Chromium; screenshots go to test-artifacts/ (git-ignored)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Claim
from claims.roles import ensure_editors_group
from tests.browser import requires_chromium
from tests.factories import ReportFactory, UserFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-test-password"


@pytest.fixture
def demo_record():
    # Loaded before the page fixture starts Playwright's event loop, so the ORM runs outside it.
    call_command("load_demo")


@pytest.fixture
def editor_account():
    user = UserFactory(username="maria", password=PASSWORD)
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def existing_report(demo_record):
    return ReportFactory(title="Dandong port operator insolvent", url="https://example.org/dandong")


def test_reader__filters_claims_and_opens_one(live_server, demo_record, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(live_server.url + "/claims/")
    page.get_by_label("Commentator").fill("Joshua Stanton")
    page.get_by_label("Status").select_option("resolved")
    page.get_by_role("button", name="Apply").click()
    assert "commentator=Joshua+Stanton" in page.url and "status=resolved" in page.url  # typed, not chosen
    rows = page.locator(".claim-rows > li")
    assert rows.count() == 1
    page.screenshot(path=str(ARTIFACTS / "claim-list.png"), full_page=True)
    rows.first.locator("a.statement").click()
    assert "will seriously damage the North Korean regime" in page.locator("h1").inner_text()
    assert page.locator("ol.timeline li.stance-supports").count() > 0
    page.screenshot(path=str(ARTIFACTS / "claim-page.png"), full_page=True)
    page.get_by_role("link", name="Joshua Stanton").first.click()
    assert page.locator("h1").inner_text() == "Joshua Stanton"


def test_editor__logs_a_claim_attaches_two_reports_and_resolves_it(
    live_server, demo_record, editor_account, existing_report, page
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="New claim").click()
    page.get_by_label("…or a new commentator").fill("Andrei Lankov")
    page.get_by_label("Quote").fill("The regime will weather these sanctions as it weathered the 1990s.")
    page.get_by_label("Statement").fill("North Korea's economy will not contract by 2019 despite the 2016 sanctions.")
    page.get_by_label("Resolution criteria").fill(
        "False if the Bank of Korea estimates a contraction for 2017 or 2018."
    )
    page.get_by_label("Made on").fill("2016-09")
    page.get_by_label("Deadline").fill("2019-06-30")
    page.get_by_label("Probability").fill("80%")
    page.get_by_role("button", name="Record the claim").click()
    assert page.locator("h1").inner_text().startswith("North Korea's economy will not contract")
    claim_url = page.url

    page.get_by_role("link", name="Attach evidence").click()
    page.get_by_label("An existing report").fill(str(existing_report.pk))
    page.get_by_label("Contradicts").check()
    page.get_by_role("button", name="Attach").click()

    page.get_by_role("link", name="Attach evidence").click()
    page.get_by_label("…or a new report from").select_option(label="Bank of Korea")
    page.get_by_label("Title").fill("GDP estimated down 3.5 percent in 2017")
    page.get_by_label("Published").fill("2018-07")
    page.get_by_label("Credibility").select_option("1")
    page.get_by_label("Summary").fill("The central bank estimates the North's economy shrank sharply.")
    page.get_by_label("Contradicts").check()
    page.get_by_role("button", name="Attach").click()
    assert page.locator("ol.timeline li").count() == 2

    page.get_by_role("link", name="Resolve this claim").click()
    page.get_by_label("False").check()
    page.get_by_label("Resolved on").fill("2019-07-01")
    page.get_by_label("Rationale").fill("The Bank of Korea estimate shows a contraction; the port insolvency too.")
    page.locator("input[name=cited_evidence]").first.check()
    page.get_by_role("button", name="Record the resolution").click()

    assert page.url == claim_url
    assert "Resolved: False" in page.locator(".status").first.inner_text()
    assert "The Bank of Korea estimate shows a contraction" in page.locator(".resolution").inner_text()
    timeline = page.locator("ol.timeline li time").all_inner_texts()
    assert timeline == sorted(timeline, key=lambda text: text[-4:]) and "Jul 2018" in timeline
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "claim-resolved-by-editor.png"), full_page=True)
    assert Claim.objects.filter(commentator__name="Andrei Lankov", outcome="false").count() == 1


@pytest.fixture
def reader_account():
    return UserFactory(username="rhee", password=PASSWORD)


def sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_reader_disputes_a_resolution_and_an_editor_decides_it(
    live_server, demo_record, editor_account, reader_account, page
):
    sign_in(page, live_server, "rhee")
    page.goto(live_server.url + "/claims/?status=resolved&commentator=sanctions-sceptics")
    page.locator(".claim-rows a.statement").first.click()
    claim_url = page.url
    page.get_by_role("link", name="Dispute this resolution").click()
    page.get_by_label("Reason").fill("Much of the decline came from the 2017 harvest, not from sanctions.")
    page.get_by_label("…or the address of new evidence").fill("https://example.org/harvest-2017")
    page.get_by_role("button", name="Send the dispute").click()
    assert page.url == claim_url
    assert "Under dispute" in page.locator(".under-dispute").first.inner_text()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "maria")
    page.goto(live_server.url + "/disputes/")
    assert "2017 harvest" in page.locator(".dispute-card").first.inner_text()
    page.get_by_role("link", name="Decide").first.click()
    page.get_by_label("Uphold: the resolution stands").check()
    page.get_by_label("Reasons").fill("The cited reports tie the closures to sanctions, not to the harvest.")
    page.get_by_role("button", name="Record the decision").click()
    assert page.url == claim_url
    decision = page.locator(".dispute-upheld").inner_text()
    assert "Upheld" in decision and "not to the harvest" in decision
    assert page.locator(".under-dispute").count() == 0


@pytest.fixture
def record_with_every_field(demo_record):
    """The demo record, with a claim whose deadline, probability and multi-line quote are all set."""
    from claims.services import claim_update

    claim = Claim.objects.filter(estimative_words="").exclude(resolve_by=None).order_by("pk").first()
    claim_update(claim=claim, quote="First line.\nSecond line.", probability=0.7)
    return claim


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_editor__saves_every_edit_form_unchanged__and_the_record_is_unchanged(
    live_server, record_with_every_field, editor_account, page, width
):
    from claims.models import LedgerEntry
    from sources.models import Report, Source

    claim = record_with_every_field
    report = Report.objects.order_by("pk").first()
    source = report.source
    forms = [
        (f"/claims/{claim.pk}/edit/", "Save changes"),
        (f"/reports/{report.pk}/edit/", "Save report"),
        (f"/sources/{source.slug}/edit/", "Save source"),
    ]
    before = [list(model.objects.order_by("pk").values()) for model in (Claim, Report, Source)]
    entries = LedgerEntry.objects.count()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, "maria")
    # The deadline is shown in the date picker, as the browser reads it (an en-GB 31/12/2019 would be empty).
    page.goto(live_server.url + forms[0][0])
    assert page.get_by_label("Deadline").input_value() == claim.resolve_by.isoformat()
    for url, button in forms:
        page.goto(live_server.url + url)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert "/edit/" not in page.url, f"{url} refused its own values"
    assert [list(model.objects.order_by("pk").values()) for model in (Claim, Report, Source)] == before
    assert LedgerEntry.objects.count() == entries
