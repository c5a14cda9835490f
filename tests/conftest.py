import os

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import ClaimFactory, CommentatorFactory, ReportFactory, SourceFactory
from tracker.services import refusal_codes

# Every code carried by a ValidationError, field errors and non-field errors alike (tests import it from here).
error_codes = refusal_codes


@pytest.fixture
def source(db):
    return SourceFactory()


@pytest.fixture
def report(source):
    return ReportFactory(source=source)


@pytest.fixture
def commentator(db):
    return CommentatorFactory()


@pytest.fixture
def claim(commentator):
    return ClaimFactory(commentator=commentator)


@pytest.fixture
def cited_evidence(db):
    """Return two pieces of evidence on a resolved claim: the one its resolution cites, and one it does not."""
    import datetime

    from claims.services import claim_resolve
    from tests.factories import EvidenceFactory

    claim = ClaimFactory()
    cited, other = EvidenceFactory(claim=claim), EvidenceFactory(claim=claim, stance="context")
    claim_resolve(
        claim=claim, outcome="false", resolved_on=datetime.date(2019, 4, 1), rationale="r", cited_evidence=[cited]
    )
    return cited, other


@pytest.fixture
def page():
    """Yield a fresh page in headless Chromium (Debian's, launched by Playwright)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's ORM calls stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()
            # Close what the test opened while Playwright's loop ran: those connections are not the test's own.
            from django.db import connections

            connections.close_all()


def if_match(client, url: str) -> dict:
    """Return the If-Match header naming the copy a client has just read, as a careful API client sends it."""
    return {"HTTP_IF_MATCH": client.get(url)["ETag"]}
