"""The JSON API: reads for everyone, writes for editors through the services, the pages' filters and figures."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.filters import ClaimFilter
from claims.models import MADE_IN_FUTURE, Claim, Commentator, Evidence, Resolution, Topic
from claims.roles import ensure_editors_group
from claims.services import EVIDENCE_REQUIRED
from sources.models import Report, Source
from tests.conftest import if_match
from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory, SourceFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor():
    user = UserFactory(username="api-editor")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def reader_api():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory(username='r')).key}")
    return client


@pytest.fixture
def demo(db):
    call_command("load_demo")


LIST_URLS = ["sources", "reports", "commentators", "topics", "claims", "evidence", "resolutions"]


@pytest.mark.parametrize("name", LIST_URLS)
def test_lists__answer_anonymous_readers_with_pages(api, demo, name):
    response = api.get(f"/api/{name}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] > 0


def test_details__answer_anonymous_readers(api, demo):
    claim = Claim.objects.resolved().first()
    assert api.get(f"/api/claims/{claim.pk}/").json()["outcome"] == claim.outcome
    source = Source.objects.get(slug="daily-nk")
    assert api.get("/api/sources/daily-nk/").json()["reliability"] == source.reliability
    report = Report.objects.filter(published_precision="month").first()
    body = api.get(f"/api/reports/{report.pk}/").json()
    assert body["published"] == report.published_iso
    assert body["source"] == report.source.slug
    assert api.get("/api/commentators/joshua-stanton/").json()["links"] == ["https://freekorea.us"]
    assert api.get("/api/topics/sanctions/").json()["name"] == "Sanctions"
    assert api.get("/api/claims/999999/").status_code == 404
    assert api.get("/api/claims/999999/")["Content-Type"] == "application/json"


def test_resolved_claim__links_its_claimreview(api, demo):
    claim = Claim.objects.resolved().first()
    body = api.get(f"/api/claims/{claim.pk}/").json()
    assert body["claimreview_url"].endswith(f"/claims/{claim.pk}/claimreview.json")
    open_claim = Claim.objects.unresolved().first()
    assert api.get(f"/api/claims/{open_claim.pk}/").json()["claimreview_url"] is None


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/sources/", {"name": "Daily NK 2"}),
        ("/api/commentators/", {"name": "Someone"}),
        ("/api/topics/", {"name": "Energy"}),
        ("/api/claims/", {"statement": "x"}),
        ("/api/resolutions/", {"outcome": "true"}),
    ],
)
def test_writes__refuse_anonymous_with_401_and_readers_with_403(api, reader_api, demo, url, body):
    before = (Source.objects.count(), Commentator.objects.count(), Claim.objects.count(), Resolution.objects.count())
    response = api.post(url, body, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert reader_api.post(url, body, format="json").status_code == 403
    after = (Source.objects.count(), Commentator.objects.count(), Claim.objects.count(), Resolution.objects.count())
    assert after == before


def test_session_auth__lets_a_signed_in_editor_write_with_the_csrf_token(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post("/api/topics/", {"name": "Energy"}, format="json").status_code == 403  # no CSRF token
    client.get(reverse("claims:home"))
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    if token is None:
        from django.middleware.csrf import _get_new_csrf_string

        token = _get_new_csrf_string()
        client.cookies["csrftoken"] = token
    response = client.post("/api/topics/", {"name": "Energy"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert Topic.objects.filter(slug="energy").exists()


def test_editor__records_a_whole_claim_through_the_api(editor_api, editor):
    source = editor_api.post(
        "/api/sources/", {"name": "Daily NK", "kind": "news", "reliability": "C", "country": "kr"}, format="json"
    )
    assert source.status_code == 201, source.content
    assert source.json()["slug"] == "daily-nk"
    assert source.json()["country"] == "KR"  # the service's clean() ran

    report = editor_api.post(
        "/api/reports/",
        {
            "source": "daily-nk",
            "title": "Prices collapse",
            "published_on": "2018-07-19",
            "published_precision": "month",
            "summary": "Prices fell.",
            "credibility": 3,
        },
        format="json",
    )
    assert report.status_code == 201, report.content
    assert report.json()["published_on"] == "2018-07-01"  # stored at its precision by the service
    assert report.json()["published"] == "2018-07"

    person = editor_api.post("/api/commentators/", {"name": "김정은 연구자", "kind": "person"}, format="json").json()
    assert person["slug"] == "김정은-연구자"
    editor_api.post("/api/topics/", {"name": "Sanctions"}, format="json")
    claim = editor_api.post(
        "/api/claims/",
        {
            "commentator": person["slug"],
            "quote": "Prices will fall.",
            "statement": "Pyongyang prices fall by 2019.",
            "resolution_criteria": "True if reports show a fall.",
            "made_on": "2018-01-01",
            "topics": ["sanctions"],
            "probability": 0.7,
        },
        format="json",
    )
    assert claim.status_code == 201, claim.content
    claim_id = claim.json()["id"]
    assert claim.json()["topics"] == ["sanctions"]
    assert Claim.objects.get(pk=claim_id).created_by == editor

    evidence = editor_api.post(
        "/api/evidence/",
        {"claim": claim_id, "report": report.json()["id"], "stance": "supports", "note": "Bears on it."},
        format="json",
    )
    assert evidence.status_code == 201, evidence.content
    assert evidence.json()["added_by"] == editor.username

    resolution = editor_api.post(
        "/api/resolutions/",
        {
            "claim": claim_id,
            "outcome": "true",
            "resolved_on": "2019-01-01",
            "rationale": "The report shows it.",
            "cited_evidence": [evidence.json()["id"]],
        },
        format="json",
    )
    assert resolution.status_code == 201, resolution.content
    claim_row = Claim.objects.get(pk=claim_id)
    assert (claim_row.outcome, claim_row.resolved_on) == ("true", datetime.date(2019, 1, 1))
    assert Resolution.objects.get().resolved_by == editor


def test_editor__updates_through_the_services(editor_api, claim):
    topic = TopicFactory()
    url = f"/api/claims/{claim.pk}/"
    response = editor_api.patch(
        url, {"probability": 0.2, "topics": [topic.slug]}, format="json", **if_match(editor_api, url)
    )
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert claim.probability == 0.2
    assert list(claim.topics.all()) == [topic]
    assert response.json()["forecast_probability"] == 0.2

    source = claim.commentator  # a commentator's links are a list
    url = f"/api/commentators/{source.slug}/"
    response = editor_api.patch(
        url,
        {"links": ["https://example.org/a", "https://example.org/b"]},
        format="json",
        **if_match(editor_api, url),
    )
    assert response.status_code == 200, response.content
    assert response.json()["links"] == ["https://example.org/a", "https://example.org/b"]


def test_evidence_update__changes_only_stance_and_note(editor_api):
    item = EvidenceFactory()
    other = ReportFactory()
    url = f"/api/evidence/{item.pk}/"
    response = editor_api.put(
        url, {"stance": "mixed", "note": "Both ways.", "report": other.pk}, format="json", **if_match(editor_api, url)
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.stance, item.note, item.report_id) == ("mixed", "Both ways.", item.report_id)
    assert item.report_id != other.pk


def test_resolutions__are_never_changed_nor_deleted(editor_api, demo):
    resolution = Resolution.objects.first()
    url = f"/api/resolutions/{resolution.pk}/"
    # Editors hold no permission to change or delete a resolution, and the endpoint has no such method.
    assert editor_api.patch(url, {"rationale": "Rewritten."}, format="json").status_code in {403, 405}
    assert editor_api.put(url, {"rationale": "Rewritten."}, format="json").status_code in {403, 405}
    assert editor_api.delete(url).status_code in {403, 405}
    editor = Token.objects.get().user
    editor.is_superuser = True
    editor.save()
    assert editor_api.patch(url, {"rationale": "Rewritten."}, format="json").status_code == 405
    resolution.refresh_from_db()
    assert resolution.rationale != "Rewritten."


def test_service_refusal__is_a_400_with_field_errors_and_codes(editor_api, claim):
    response = editor_api.post(
        "/api/resolutions/",
        {"claim": claim.pk, "outcome": "true", "resolved_on": "2019-01-01", "rationale": "Because."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"cited_evidence": [EVIDENCE_REQUIRED]}
    assert not claim.resolutions.exists()

    # Next year, whatever the day: a month-precision claim dated later this month would still be this month.
    future = datetime.date(timezone.localdate().year + 1, 1, 1).isoformat()
    url = f"/api/claims/{claim.pk}/"
    response = editor_api.patch(url, {"made_on": future}, format="json", **if_match(editor_api, url))
    assert response.status_code == 400
    # The future date is the first thing to hear about, on the field typed, not the deadline it now passes.
    assert response.json() == {"made_on": [MADE_IN_FUTURE]}


def test_duplicate_evidence__is_a_400_not_a_500(editor_api):
    item = EvidenceFactory()
    response = editor_api.post(
        "/api/evidence/", {"claim": item.claim_id, "report": item.report_id, "stance": "supports"}, format="json"
    )
    assert response.status_code == 400
    assert Evidence.objects.count() == 1


def test_duplicate_source_name__is_a_400_from_the_service(editor_api, source):
    response = editor_api.post("/api/sources/", {"name": source.name}, format="json")
    assert response.status_code == 400
    assert set(response.json()) & {"name", "slug"}


def test_malformed_json__is_a_400(editor_api):
    response = editor_api.generic("POST", "/api/topics/", "{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "sanctions"},
        {"q": "sanctions -work"},
        {"commentator": "joshua-stanton"},
        {"topic": "defections"},
        {"status": "resolved"},
        {"status": "due"},
        {"outcome": "false"},
        {"source": "daily-nk"},
        {"made_after": "2018-01-01", "made_before": "2019-12-31"},
        {"deadline_after": "2019-06-01"},
        {"sort": "deadline"},
        {"sort": "-resolved"},
    ],
)
def test_claim_filters__are_the_claim_list_pages_own(api, demo, query):
    filtered = ClaimFilter(query, queryset=Claim.objects.all()).qs
    expected = [claim.pk for claim in filtered.order_by(*filtered.query.order_by, "-id")]
    response = api.get("/api/claims/", {**query, "page_size": 200})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == expected
    page = api.get(reverse("claims:claim_list"), query)
    assert sorted(claim.pk for claim in page.context["claims"]) == sorted(expected[:25])


def test_claim_filters__refuse_an_unknown_choice_with_a_400(api, demo):
    response = api.get("/api/claims/", {"status": "sideways"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_page_past_the_end__is_a_404(api, demo):
    assert api.get("/api/claims/", {"page": 99}).status_code == 404


@pytest.mark.parametrize("query", [{}, {"topic": "sanctions"}, {"from": "2017-01-01"}, {"to": "2018-12-31"}])
def test_scorecard__gives_the_figures_of_the_pages_json(api, client, demo, query):
    for commentator in Commentator.objects.all():
        expected = client.get(reverse("claims:scorecard_json", args=[commentator.slug]), query).json()
        assert api.get(f"/api/commentators/{commentator.slug}/scorecard/", query).json() == expected


@pytest.mark.parametrize("query", [{}, {"topic": "sanctions"}, {"from": "2017-01-01", "to": "2019-12-31"}])
def test_leaderboard__gives_the_rows_of_the_pages_json(api, client, demo, query):
    expected = client.get(reverse("claims:leaderboard_json"), query).json()
    assert api.get("/api/leaderboard/", query).json() == expected


def test_scorecard__refuses_a_reversed_period_and_an_unknown_commentator(api, demo):
    response = api.get("/api/commentators/joshua-stanton/scorecard/", {"from": "2019-01-01", "to": "2018-01-01"})
    assert response.status_code == 400
    assert "to" in response.json()
    assert api.get("/api/leaderboard/", {"topic": "nope"}).status_code == 400
    assert api.get("/api/commentators/nobody/scorecard/").status_code == 404


def build_record(size: int) -> None:
    """Make `size` claims, each with evidence, topics and a resolution, from `size` sources."""
    shared = TopicFactory()
    for index in range(size):
        report = ReportFactory(source=SourceFactory())
        claim = ClaimFactory()
        claim.topics.set([shared, TopicFactory()])
        item = EvidenceFactory(claim=claim, report=report)
        resolution = Resolution.objects.create(
            claim=claim, outcome="true", resolved_on=datetime.date(2019, 1, 1), rationale="Because."
        )
        resolution.cited_evidence.set([item])
        if index % 2:
            Claim.objects.filter(pk=claim.pk).update(outcome="true", resolved_on=datetime.date(2019, 1, 1))


# Queries a list costs, whatever its length: the count, the page, and one per prefetched relation.
LIST_QUERY_BUDGET = {
    "sources": 2,
    "reports": 2,
    "commentators": 2,
    "topics": 2,
    "claims": 3,
    "evidence": 2,
    "resolutions": 3,
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("name", LIST_URLS)
def test_lists__cost_a_fixed_number_of_queries(api, django_assert_max_num_queries, size, name):
    build_record(size)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET[name]):
        response = api.get(f"/api/{name}/")
    assert response.status_code == 200
    assert response.json()["count"] >= size


@pytest.mark.parametrize("size", [3, 30])
def test_leaderboard_and_scorecard__cost_a_fixed_number_of_queries(api, django_assert_max_num_queries, size):
    build_record(size)
    with django_assert_max_num_queries(5):
        assert api.get("/api/leaderboard/").status_code == 200
    slug = Commentator.objects.first().slug
    with django_assert_max_num_queries(5):
        assert api.get(f"/api/commentators/{slug}/scorecard/").status_code == 200


def test_schema__is_openapi_3_and_lists_every_resource(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for name in LIST_URLS:
        assert f"/api/{name}/" in schema["paths"]
    assert "/api/leaderboard/" in schema["paths"]
    assert "/api/commentators/{slug}/scorecard/" in schema["paths"]
    create = schema["paths"]["/api/claims/"]["post"]["responses"]
    assert {"201", "400", "401", "403"} <= set(create)


def test_docs__are_served_from_local_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "//unpkg" not in html and "jsdelivr" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    static = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert static.status_code == 200


def test_claim_update__with_an_old_version_is_refused_with_409(editor_api, claim):
    version = editor_api.get(f"/api/claims/{claim.pk}/").json()["version"]
    first = editor_api.patch(f"/api/claims/{claim.pk}/", {"probability": 0.3, "version": version}, format="json")
    assert first.status_code == 200, first.content
    assert first.json()["version"] == version + 1
    second = editor_api.patch(f"/api/claims/{claim.pk}/", {"probability": 0.9, "version": version}, format="json")
    assert second.status_code == 409
    claim.refresh_from_db()
    assert claim.probability == 0.3


def test_patch_that_changes_nothing__keeps_the_version_history_and_ledger(editor_api, claim):
    from claims.models import ClaimEvent, LedgerEntry

    before = editor_api.get(f"/api/claims/{claim.pk}/").json()
    events, entries = ClaimEvent.objects.count(), LedgerEntry.objects.count()
    same = {name: before[name] for name in ("statement", "quote", "resolve_by", "probability", "made_on")}
    response = editor_api.patch(f"/api/claims/{claim.pk}/", {**same, "version": before["version"]}, format="json")
    assert response.status_code == 200
    after = response.json()
    assert (after["version"], after["updated_at"]) == (before["version"], before["updated_at"])
    assert (ClaimEvent.objects.count(), LedgerEntry.objects.count()) == (events, entries)
