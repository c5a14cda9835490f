import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim
from claims.services import claim_resolve
from tests.factories import (
    ClaimFactory,
    CommentatorFactory,
    EvidenceFactory,
    ReportFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [(5, 1), (50, 4)]  # (claims, evidence on each)


def make_record(claims: int, evidence_each: int) -> dict:
    """Build claims spread over three commentators, two topics and two sources, some resolved."""
    commentators = [CommentatorFactory() for _ in range(3)]
    topics = [TopicFactory(), TopicFactory()]
    sources = [SourceFactory(), SourceFactory()]
    for number in range(claims):
        claim = ClaimFactory(commentator=commentators[number % 3], resolve_by=datetime.date(2030, 1, number % 28 + 1))
        claim.topics.add(*topics[: number % 2 + 1])
        items = [
            EvidenceFactory(claim=claim, report=ReportFactory(source=sources[index % 2]))
            for index in range(evidence_each)
        ]
        if number % 3 == 0:
            claim_resolve(
                claim=claim,
                outcome="false",
                resolved_on=datetime.date(2019, 4, 30),
                rationale="r",
                cited_evidence=items,
            )
    return {"commentator": commentators[0], "topic": topics[0], "source": sources[0]}


READER_PAGES = [
    lambda record: reverse("claims:home"),
    lambda record: reverse("claims:claim_list"),
    lambda record: reverse("claims:claim_list") + f"?topic={record['topic'].slug}&status=open&sort=-deadline",
    lambda record: reverse("claims:claim_list") + "?q=sanctions",
    lambda record: reverse("claims:claim_list") + f"?source={record['source'].slug}&outcome=false",
    lambda record: reverse("claims:claim_detail", kwargs={"pk": Claim.objects.order_by("pk").first().pk}),
    lambda record: reverse("claims:commentator_list"),
    lambda record: record["commentator"].get_absolute_url(),
    lambda record: record["topic"].get_absolute_url(),
    lambda record: reverse("claims:feed_claims"),
    lambda record: reverse("claims:feed_evidence"),
    lambda record: reverse("claims:feed_resolutions"),
    lambda record: reverse("claims:feed_commentator", kwargs={"slug": record["commentator"].slug}),
]


@pytest.mark.parametrize("page", range(len(READER_PAGES)))
@pytest.mark.parametrize(("claims", "evidence_each"), SIZES)
def test_reader_pages__run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, page, claims, evidence_each
):
    record = make_record(claims, evidence_each)
    url = READER_PAGES[page](record)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_home__shows_the_demo_chronology(client):
    call_command("load_demo")
    page = client.get(reverse("claims:home")).content.decode()
    assert "Sanctions sceptics quoted in the press" in page
    assert "Latest evidence" in page
    assert "Bank of Korea" in page or "One Free Korea" in page


def statements(response) -> list[str]:
    return [claim.statement for claim in response.context["claims"]]


def test_claim_list__filters_by_commentator_topic_status_and_outcome(client):
    today = datetime.date.today()
    alice, bob = CommentatorFactory(slug="alice"), CommentatorFactory(slug="bob")
    topic = TopicFactory(slug="sanctions")
    open_claim = ClaimFactory(commentator=alice, statement="open one", resolve_by=today + datetime.timedelta(days=9))
    open_claim.topics.add(topic)
    ClaimFactory(commentator=alice, statement="due one", resolve_by=today - datetime.timedelta(days=9))
    resolved = ClaimFactory(commentator=bob, statement="resolved one")
    claim_resolve(
        claim=resolved, outcome="true", resolved_on=datetime.date(2019, 1, 1), rationale="r",
        cited_evidence=[EvidenceFactory(claim=resolved)],
    )  # fmt: skip
    url = reverse("claims:claim_list")
    assert set(statements(client.get(url, {"commentator": "alice"}))) == {"due one", "open one"}
    assert statements(client.get(url, {"topic": "sanctions"})) == ["open one"]
    assert statements(client.get(url, {"status": "due"})) == ["due one"]
    assert statements(client.get(url, {"status": "open"})) == ["open one"]
    assert statements(client.get(url, {"status": "resolved", "outcome": "true"})) == ["resolved one"]
    assert statements(client.get(url, {"outcome": "false"})) == []


def test_claim_list__filters_by_dates_and_by_source_of_evidence(client):
    early = ClaimFactory(statement="early", made_on=datetime.date(2016, 3, 1), resolve_by=datetime.date(2017, 1, 1))
    late = ClaimFactory(statement="late", made_on=datetime.date(2018, 5, 1), resolve_by=datetime.date(2020, 1, 1))
    daily_nk = SourceFactory(slug="daily-nk")
    EvidenceFactory(claim=late, report=ReportFactory(source=daily_nk))
    EvidenceFactory(claim=late, report=ReportFactory(source=daily_nk))  # two reports: still listed once
    EvidenceFactory(claim=early)
    url = reverse("claims:claim_list")
    assert statements(client.get(url, {"made_after": "2017-01-01"})) == ["late"]
    assert statements(client.get(url, {"made_before": "2016-12-31"})) == ["early"]
    assert statements(client.get(url, {"deadline_before": "2018-01-01"})) == ["early"]
    assert statements(client.get(url, {"deadline_after": "2018-01-01"})) == ["late"]
    assert statements(client.get(url, {"source": "daily-nk"})) == ["late"]


def test_claim_list__takes_a_commentator_or_source_by_name_or_slug_without_listing_them_all(client):
    alice = CommentatorFactory(name="Alice Example", slug="alice")
    CommentatorFactory(name="Sam Same", slug="sam-1")
    CommentatorFactory(name="Sam Same", slug="sam-2")
    ClaimFactory(commentator=alice, statement="hers")
    ClaimFactory(statement="someone else's")
    EvidenceFactory(claim=alice.claims.get(), report=ReportFactory(source=SourceFactory(name="Daily NK", slug="dnk")))
    url = reverse("claims:claim_list")
    for value in ("alice", "Alice Example", "  alice example "):
        assert statements(client.get(url, {"commentator": value})) == ["hers"]
    assert statements(client.get(url, {"source": "daily nk"})) == ["hers"]
    page = client.get(url).content.decode()
    assert "<select" in page and 'name="commentator"' in page and "Alice Example" not in page.split("</form>")[0]
    for value, message in [
        ("nobody", "No commentator has this name."),
        ("Sam Same", "More than one has this name"),
    ]:
        response = client.get(url, {"commentator": value})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert statements(client.get(url, {"commentator": "sam-2"})) == []


def test_claim_list__full_text_search_ranks_statement_matches_first(client):
    ClaimFactory(statement="Trade with China will recover", quote="x", resolution_criteria="sanctions lifted")
    ClaimFactory(statement="Sanctions will hurt the regime", quote="y", resolution_criteria="z")
    ClaimFactory(statement="Unrelated", quote="nothing", resolution_criteria="nothing")
    response = client.get(reverse("claims:claim_list"), {"q": "sanction"})
    assert statements(response) == ["Sanctions will hurt the regime", "Trade with China will recover"]
    assert statements(client.get(reverse("claims:claim_list"), {"q": "regime -hurt"})) == []


def test_claim_list__sorts_and_paginates_keeping_the_filters_in_the_links(client):
    commentator = CommentatorFactory(slug="prolific")
    for day in range(1, 31):
        ClaimFactory(
            commentator=commentator, made_on=datetime.date(2016, 1, day), made_precision="day", resolve_by=None
        )
    response = client.get(reverse("claims:claim_list"), {"commentator": "prolific", "sort": "made"})
    claims = list(response.context["claims"])
    assert len(claims) == 25
    assert claims[0].made_on == datetime.date(2016, 1, 1)
    page = response.content.decode()
    assert "commentator=prolific" in page and "sort=made" in page and "page=2" in page
    second = client.get(reverse("claims:claim_list"), {"commentator": "prolific", "sort": "made", "page": 2})
    assert [claim.made_on.day for claim in second.context["claims"]] == list(range(26, 31))


def test_claim_list__reports_a_bad_filter_value_instead_of_failing(client):
    response = client.get(reverse("claims:claim_list"), {"made_after": "not a date", "status": "sideways"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_claim_detail__shows_the_record_at_its_precision(client):
    call_command("load_demo")
    claim = Claim.objects.get(commentator__slug="joshua-stanton", outcome="partly_true")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert claim.quote in page
    assert "made 2016" in page
    assert "Partly true" in page
    timeline = page[page.index("Evidence timeline") :]
    assert timeline.index("Mar 2016") < timeline.index("Jul 2018") < timeline.index("Apr 2019")  # date order
    assert "Bank of Korea" in page


def test_claim_detail__answers_404_for_a_missing_claim(client):
    missing = (Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(reverse("claims:claim_detail", kwargs={"pk": missing})).status_code == 404


def test_claim_detail__shows_user_text_as_text(client):
    claim = ClaimFactory(quote='<script>alert("x")</script>', statement="<img src=x onerror=alert(1)>")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_commentator_detail__shows_at_most_twenty_claims_of_each_status(client):
    commentator = CommentatorFactory()
    for _ in range(23):
        ClaimFactory(commentator=commentator, resolve_by=None)
    groups = client.get(commentator.get_absolute_url()).context["groups"]
    assert (len(groups["open"]), len(groups["due"]), len(groups["resolved"])) == (20, 0, 0)


def test_commentator_detail__groups_claims_by_status(client):
    call_command("load_demo")
    response = client.get(reverse("claims:commentator_detail", kwargs={"slug": "joshua-stanton"}))
    counts = response.context["card"].counts
    groups = response.context["groups"]
    assert counts["claims"] == len(groups["open"]) + len(groups["due"]) + len(groups["resolved"])
    assert all(claim.outcome for claim in groups["resolved"])
    assert not any(claim.outcome for claim in groups["open"] + groups["due"])
    assert counts["resolved"] == len(groups["resolved"]) >= 1


def test_feeds__are_atom_with_absolute_links(client):
    call_command("load_demo")
    for name in ("feed_claims", "feed_evidence", "feed_resolutions"):
        response = client.get(reverse(f"claims:{name}"))
        assert response["Content-Type"].startswith("application/atom+xml")
        body = response.content.decode()
        assert 'xmlns="http://www.w3.org/2005/Atom"' in body
        assert 'href="http://testserver/claims/' in body
    commentator_feed = client.get(reverse("claims:feed_commentator", kwargs={"slug": "joshua-stanton"}))
    assert "Joshua Stanton" in commentator_feed.content.decode()
    assert client.get(reverse("claims:feed_commentator", kwargs={"slug": "nobody"})).status_code == 404


def test_claim_page__shows_the_first_hundred_evidence_items_and_all_on_asking(client, monkeypatch):
    from claims.views import pages

    monkeypatch.setattr(pages, "TIMELINE_SIZE", 3)
    claim = ClaimFactory()
    items = [
        EvidenceFactory(
            claim=claim,
            report=ReportFactory(
                title=f"Report {n}", published_on=datetime.date(2017, 1, n), published_precision="day"
            ),
        )
        for n in range(1, 6)
    ]
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Report 3" in page and "Report 4" not in page
    assert "Show all 5 evidence items" in page
    everything = client.get(claim.get_absolute_url(), {"timeline": "all"}).content.decode()
    assert all(f'id="evidence-{item.pk}"' in everything for item in items)
    assert "Show all" not in everything
