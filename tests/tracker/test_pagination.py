"""The capped paginator: exact below the cap, "more than" above it, and the count query stops at the cap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from tests.factories import ClaimFactory, CommentatorFactory
from tracker.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


class SmallCap(CappedPaginator):
    cap = 5


def test_capped_paginator__counts_exactly_up_to_the_cap_and_no_further():
    commentator = CommentatorFactory()
    for _ in range(5):
        ClaimFactory(commentator=commentator)
    exact = SmallCap(Claim.objects.order_by("pk"), 2)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)
    ClaimFactory(commentator=commentator)
    capped = SmallCap(Claim.objects.order_by("pk"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert (capped.count, capped.capped, capped.num_pages) == (5, True, 3)
    assert "LIMIT 6" in queries.captured_queries[0]["sql"]


def test_claim_list__says_more_than_the_cap_when_it_stops_counting(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    commentator = CommentatorFactory()
    for _ in range(4):
        ClaimFactory(commentator=commentator)
    page = client.get(reverse("claims:claim_list")).content.decode()
    assert "More than 3 claims" in page
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    assert "4 claims." in client.get(reverse("claims:claim_list")).content.decode()
