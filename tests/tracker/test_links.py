"""tracker.links.link gives exactly what Django's reverse() gives, quoting included."""

import pytest
from django.urls import reverse

from tracker.links import link


@pytest.mark.parametrize(
    ("name", "kwarg", "value"),
    [
        ("claims:claim_detail", "pk", 7),
        ("claims:claim_detail", "pk", 1234567890),
        ("claims:commentator_detail", "slug", "joshua-stanton"),
        ("claims:topic_detail", "slug", "북한-제재"),  # a Unicode slug is percent-encoded
        ("sources:source_detail", "slug", "daily-nk"),
        ("sources:report_detail", "pk", 42),
    ],
)
def test_link__equals_reverse(name, kwarg, value):
    assert link(name, kwarg, value) == reverse(name, kwargs={kwarg: value})
