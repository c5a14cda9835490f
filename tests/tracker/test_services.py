"""Every refusal a service gives carries a code, the ones a race with another writer causes included."""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from claims.models import Evidence
from claims.services import commentator_create, evidence_attach, topic_create
from sources.services import report_create, source_create
from tests.factories import ClaimFactory, CommentatorFactory, ReportFactory, SourceFactory, TopicFactory
from tracker.services import refusal_codes

pytestmark = pytest.mark.django_db


@contextmanager
def rival_commits_after_the_checks(model: type[models.Model], make_rival):
    """Make the rival row appear between the service's checks and its save, as a concurrent writer's would.

    The first full_clean of a model instance passes on an empty field; the rival is then written, so the save
    meets the database's own rule, exactly as when another editor commits in that moment.
    """
    original = model.full_clean
    calls = []

    def full_clean(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if not calls:
            calls.append(self)
            make_rival()

    with mock.patch.object(model, "full_clean", full_clean):
        yield


def test_refusal_codes__reads_field_keyed_and_plain_errors():
    keyed = ValidationError(
        {"name": ValidationError("Taken.", code="unique"), "__all__": [ValidationError("x", code="y")]}
    )
    assert refusal_codes(keyed) == {"unique", "y"}
    assert refusal_codes(ValidationError("Stale.", code="stale")) == {"stale"}
    assert refusal_codes(ValidationError([ValidationError("a", code="b"), ValidationError("c", code="d")])) == {
        "b",
        "d",
    }


def test_evidence_attach__racing_a_duplicate__is_refused_as_a_duplicate_link():
    claim, report = ClaimFactory(), ReportFactory()

    def rival():
        Evidence.objects.create(claim=claim, report=report, stance="supports")

    with rival_commits_after_the_checks(Evidence, rival), pytest.raises(ValidationError) as refused:
        evidence_attach(claim=claim, report=report, stance="contradicts")
    assert refusal_codes(refused.value) == {"duplicate_evidence"}
    assert not Evidence.objects.filter(stance="contradicts").exists()


@pytest.mark.parametrize(
    ("write", "make_rival", "model_name"),
    [
        (
            lambda: source_create(name="Daily NK"),
            lambda: SourceFactory(name="Daily NK", slug="other"),
            "sources.Source",
        ),
        (
            lambda: commentator_create(name="Joshua Stanton", slug="stanton"),
            lambda: CommentatorFactory(name="Someone else", slug="stanton"),
            "claims.Commentator",
        ),
        (lambda: topic_create(name="Sanctions"), lambda: TopicFactory(name="Sanctions", slug="other"), "claims.Topic"),
        (
            lambda: report_create(
                source=SourceFactory(slug="s1", name="S1"),
                title="T",
                published_on=datetime.date(2017, 1, 1),
                summary="s",
                url="https://example.org/a",
            ),
            lambda: ReportFactory(url="https://example.org/a"),
            "sources.Report",
        ),
    ],
    ids=["source_name", "commentator_slug", "topic_name", "report_url"],
)
def test_unique_rules__racing_another_writer__are_refused_with_the_rules_code(write, make_rival, model_name):
    model = apps.get_model(model_name)
    with rival_commits_after_the_checks(model, make_rival), pytest.raises(ValidationError) as refused:
        write()
    codes = refusal_codes(refused.value)
    assert codes and None not in codes and "conflict" not in codes, codes


def test_every_constraint_of_the_record__names_its_refusal_with_a_code():
    """A constraint without a code would refuse with code None, which no caller can tell from any other."""
    uncoded = [
        f"{model.__name__}.{constraint.name}"
        for app in ("claims", "sources")
        for model in apps.get_app_config(app).get_models()
        for constraint in model._meta.constraints
        if not constraint.violation_error_code
        # Django gives an unconditional unique constraint over fields its "unique_together" code.
        and not (isinstance(constraint, models.UniqueConstraint) and constraint.fields and not constraint.condition)
    ]
    assert uncoded == []
