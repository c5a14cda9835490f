"""ClaimReview (schema.org) for resolved claims: every type and property is in the vocabulary, the JSON-LD is safe."""

import datetime
import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from claims.models import Claim, CommentatorKind, Resolution
from claims.services import claim_resolve
from claims.transfer.claimreview import claim_review, json_ld_script
from tests.factories import ClaimFactory, CommentatorFactory, EvidenceFactory, ReportFactory

pytestmark = pytest.mark.django_db

# From the schema.org vocabulary, version 30.1 (https://schema.org/version/30.1/): for each type used, the
# properties it may carry (its own and those it inherits), limited to the ones a ClaimReview could use here.
SCHEMA_ORG_VERSION = "30.1"
THING = {"name", "alternateName", "url", "sameAs", "description", "identifier", "image"}
CREATIVE_WORK = THING | {"author", "datePublished", "dateCreated", "dateModified", "headline", "publisher", "text",
                         "inLanguage", "about", "citation", "isBasedOn", "archivedAt"}  # fmt: skip
ALLOWED_PROPERTIES = {
    "ClaimReview": CREATIVE_WORK | {"claimReviewed", "itemReviewed", "reviewRating", "reviewBody", "reviewAspect"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "CreativeWork": CREATIVE_WORK,
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation", "reviewAspect", "author"},
    "Person": THING | {"affiliation", "jobTitle"},
    "Organization": THING | {"legalName"},
}
# The types each property may hold (its range in schema.org 30.1), for the properties that hold things.
PROPERTY_RANGES = {
    "author": {"Person", "Organization"},
    "itemReviewed": {"Claim"},  # Thing in the vocabulary; Claim is what ClaimReview expects
    "reviewRating": {"Rating"},
    "appearance": {"CreativeWork"},
    "publisher": {"Person", "Organization"},
}


def check_node(node: dict, path: str = "") -> None:
    """Assert that a JSON-LD node and the nodes inside it use only schema.org types and properties."""
    kind = node["@type"]
    assert kind in ALLOWED_PROPERTIES, f"{path}: {kind} is not a schema.org type used here"
    for name, value in node.items():
        if name in {"@type", "@context"}:
            continue
        assert name in ALLOWED_PROPERTIES[kind], f"{path}.{name} is not a property of {kind} in schema.org"
        if isinstance(value, dict):
            assert value["@type"] in PROPERTY_RANGES[name], f"{path}.{name} cannot hold a {value['@type']}"
            check_node(value, f"{path}.{name}")


def resolved_claim(*, outcome: str = "false", kind: str = CommentatorKind.PERSON, **claim_fields) -> Claim:
    commentator = CommentatorFactory(kind=kind, links="https://example.org/about")
    report = ReportFactory(url="https://news.example/story", title="Where it was said")
    claim = ClaimFactory(commentator=commentator, appeared_in=report, **claim_fields)
    evidence = EvidenceFactory(claim=claim)
    claim_resolve(
        claim=claim,
        outcome=outcome,
        resolved_on=datetime.date(2019, 4, 30),
        rationale="The reports show the opposite.",
        cited_evidence=[evidence],
    )
    return Claim.objects.get(pk=claim.pk)


def test_claim_review__uses_only_schema_org_types_and_properties():
    review = claim_review(resolved_claim(), base_url="https://tracker.example")
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    check_node(review)


def test_claim_review__carries_the_claim_its_author_and_the_verdict_in_words():
    claim = resolved_claim(outcome="partly_true")
    review = claim_review(claim, base_url="https://tracker.example/")
    assert review["claimReviewed"] == claim.statement
    assert review["url"] == f"https://tracker.example/claims/{claim.pk}/"
    assert review["author"] == {"@type": "Organization", "name": "Tracker", "url": "https://tracker.example/"}
    assert review["datePublished"] == Resolution.objects.get().recorded_at.date().isoformat()
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["@type"] == "Person"
    assert item["author"]["name"] == claim.commentator.name
    assert item["author"]["sameAs"] == ["https://example.org/about"]
    assert item["datePublished"] == "2016-03"  # the claim's month, not an invented day
    assert item["appearance"]["url"] == "https://news.example/story"
    assert item["appearance"]["@type"] == "CreativeWork"
    rating = review["reviewRating"]
    assert rating["alternateName"] == "Partly true"
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (1, 2, 3)


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [(CommentatorKind.PERSON, "Person"), (CommentatorKind.ORGANISATION, "Organization"), (CommentatorKind.GROUP,
     "Organization")],
)  # fmt: skip
def test_claim_review__types_the_commentator_by_kind(kind, schema_type):
    review = claim_review(resolved_claim(kind=kind), base_url="https://tracker.example")
    assert review["itemReviewed"]["author"]["@type"] == schema_type


@pytest.mark.parametrize(("outcome", "words", "value"), [("true", "True", 3), ("false", "False", 1)])
def test_claim_review__rates_true_and_false(outcome, words, value):
    rating = claim_review(resolved_claim(outcome=outcome), base_url="https://tracker.example")["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == (words, value)


def test_claim_review__a_void_claim_has_its_verdict_in_words_and_no_number():
    claim = ClaimFactory()
    claim_resolve(claim=claim, outcome="void", resolved_on=datetime.date(2019, 1, 1), rationale="Never tested.")
    rating = claim_review(Claim.objects.get(pk=claim.pk), base_url="https://t.example")["reviewRating"]
    assert rating["alternateName"] == "Void or ambiguous"
    assert "ratingValue" not in rating


def test_claim_review__follows_the_latest_resolution():
    claim = resolved_claim(outcome="false")
    claim_resolve(
        claim=claim,
        outcome="true",
        resolved_on=datetime.date(2019, 5, 1),
        rationale="Re-judged.",
        cited_evidence=list(claim.evidence.all()),
    )
    review = claim_review(Claim.objects.get(pk=claim.pk), base_url="https://t.example")
    assert review["reviewRating"]["alternateName"] == "True"
    assert review["reviewBody"] == "Re-judged."


def test_claim_review__none_for_an_unresolved_claim():
    assert claim_review(ClaimFactory(), base_url="https://t.example") is None


def test_claimreview_json__serves_the_review_and_404_while_unresolved(client):
    claim = resolved_claim()
    response = client.get(reverse("data:claimreview_json", args=[claim.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    body = json.loads(response.content)
    assert body["url"] == f"http://testserver/claims/{claim.pk}/"
    check_node(body)
    assert client.get(reverse("data:claimreview_json", args=[ClaimFactory().pk])).status_code == 404
    assert client.get("/claims/999999/claimreview.json").status_code == 404


HOSTILE = '</script><script>alert("x")</script><!-- & \u2028'


def test_json_ld_script__no_text_can_break_out_of_the_script_element():
    html = json_ld_script({"@type": "ClaimReview", "claimReviewed": HOSTILE})
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1 and html.endswith("</script>")
    assert "<" not in html[len('<script type="application/ld+json">') : -len("</script>")]
    inner = re.search(r"<script[^>]*>(.*)</script>", html, re.S).group(1)
    assert json.loads(inner)["claimReviewed"] == HOSTILE


def test_include__renders_the_json_ld_of_a_resolved_claim_and_nothing_otherwise():
    claim = resolved_claim(statement=HOSTILE)
    template = Template('{% include "claims/_claim_review.html" %}')
    request = RequestFactory().get("/")
    html = template.render(Context({"claim": claim, "request": request}))
    inner = re.search(r'<script type="application/ld\+json">(.*)</script>', html, re.S).group(1)
    assert "</script" not in inner
    assert json.loads(inner)["claimReviewed"] == HOSTILE
    assert template.render(Context({"claim": ClaimFactory(), "request": request})).strip() == ""
