import pytest
from django.core.management import call_command

from tests.browser import requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_record():
    # Loaded before the page fixture starts Playwright's event loop, so the ORM runs outside it.
    call_command("load_demo")


def test_home__shows_the_demo_chronology_in_a_browser(live_server, demo_record, page):
    page.goto(live_server.url + "/")
    assert page.title() == "Claims and their evidence · Tracker"
    first_claim = page.locator("article.claim").first
    assert first_claim.locator("details").get_attribute("open") is not None
    timeline = first_claim.locator("ol.timeline li")
    assert timeline.count() > 5
    assert timeline.first.locator("time").inner_text() == "Mar 2016"
    # The stylesheet is served (no CDN): contradicting evidence gets its own colour.
    colour = page.locator("li.stance-contradicts .stance").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(194, 65, 12)"
    page.get_by_role("link", name="Sign in").click()
    assert "/admin/login/" in page.url
