"""User text is inert: pages holding a catalogue of script payloads run none of them (Chromium)."""

import pytest
from django.core.management import call_command

from claims.services import claim_resolve, evidence_attach, reply_record
from tests.browser import requires_chromium
from tests.factories import ClaimFactory, CommentatorFactory, ReportFactory, SourceFactory, TopicFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img onerror'\">",
    "<svg onload=\"window.__pwned = 'svg onload'\"></svg>",
    '"><script>window.__pwned = "attribute break"</script>',
    "<a href=\"javascript:window.__pwned='javascript url'\">x</a>",
    "<iframe src=\"data:text/html,<script>parent.__pwned='data url'</script>\"></iframe>",
    "</script><script>window.__pwned = 'script close'</script>",
    "{{ 7|add:7 }} {% now 'Y' %}",
]


@pytest.fixture
def hostile_record():
    text = " ".join(PAYLOADS)
    call_command("load_demo")
    source = SourceFactory(name=f"Source {PAYLOADS[1]}", description=text)
    commentator = CommentatorFactory(name=f"Name {PAYLOADS[0]}", bio=text, affiliation=PAYLOADS[2])
    topic = TopicFactory(name=f"Topic {PAYLOADS[3]}")
    claim = ClaimFactory(commentator=commentator, quote=text, statement=f"Statement {text}", resolution_criteria=text)
    claim.topics.add(topic)
    report = ReportFactory(source=source, title=f"Title {PAYLOADS[0]} {PAYLOADS[1]}", summary=text, excerpt=text)
    evidence = evidence_attach(claim=claim, report=report, stance="supports", note=text)
    claim_resolve(claim=claim, outcome="true", resolved_on=claim.made_on, rationale=text, cited_evidence=[evidence])
    reply_record(claim=claim, speaker=PAYLOADS[4], said_on=claim.made_on, said_precision="month", text=text)
    return {"claim": claim.pk, "report": report.pk, "commentator": commentator.slug, "source": source.slug}


def test_pages_holding_payloads__run_no_script(live_server, hostile_record, page):
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    paths = [
        "/",
        "/claims/",
        f"/claims/{hostile_record['claim']}/",
        f"/claims/{hostile_record['claim']}/history/",
        f"/reports/{hostile_record['report']}/",
        f"/commentators/{hostile_record['commentator']}/",
        f"/sources/{hostile_record['source']}/",
        "/sources/",
        "/commentators/",
        "/leaderboard/",
        "/claims/?q=script",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert page.evaluate("window.__pwned") is None, path
        # The payloads show as text: the words are on the page, the elements are not.
        assert page.locator("img[src='x'], svg[onload], iframe").count() == 0, path
    assert dialogs == []
    assert violations == []  # the site's own pages need nothing the policy forbids
    page.goto(live_server.url + f"/claims/{hostile_record['claim']}/")
    assert "<script>window.__pwned = 'script'</script>" in page.locator("blockquote").first.inner_text()
    assert "{{ 7|add:7 }}" in page.locator("blockquote").first.inner_text()  # not evaluated as a template


def test_api_docs__load_under_the_content_security_policy(live_server, page):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=20000)
    assert "Tracker API" in page.locator(".swagger-ui .info").inner_text()
    assert violations == []
