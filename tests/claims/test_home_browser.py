import pytest
from django.core.management import call_command

from tests.browser import requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_record():
    # Loaded before the page fixture starts Playwright's event loop, so the ORM runs outside it.
    call_command("load_demo")


def test_home__leads_a_newcomer_from_the_sanctions_claim_to_its_evidence_and_commentator(
    live_server, demo_record, page
):
    page.goto(live_server.url + "/")
    assert page.title() == "Who predicted what, and how it turned out · Tracker"
    sceptics = page.locator(".claim-rows a.statement", has_text="will not do serious damage").first
    sceptics.click()
    assert "will not do serious damage" in page.locator("h1").inner_text()
    timeline = page.locator("ol.timeline li")
    assert timeline.count() > 20
    assert timeline.first.locator("time").inner_text() == "Mar 2016"
    # The stylesheet is served locally (no CDN): contradicting evidence gets its own colour.
    colour = page.locator("li.stance-contradicts .stance").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(194, 65, 12)"
    page.get_by_role("link", name="Sanctions sceptics quoted in the press").first.click()
    assert page.locator("h1").inner_text() == "Sanctions sceptics quoted in the press"
    page.get_by_role("link", name="Sign in").click()
    assert "/accounts/login/" in page.url
