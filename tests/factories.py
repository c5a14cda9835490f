"""factory_boy factories for the record; they build valid rows that tests then bend."""

import datetime

import factory
from django.contrib.auth import get_user_model

from claims.models import Claim, Commentator, CommentatorKind, Evidence, Stance, Topic
from sources.models import Report, Source, SourceKind
from tracker.partial_dates import Precision


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    kind = SourceKind.NEWS
    reliability = "B"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Report {n}")
    published_on = datetime.date(2018, 7, 1)
    published_precision = Precision.MONTH
    summary = "What the report says."
    credibility = 2


class CommentatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commentator

    name = factory.Sequence(lambda n: f"Commentator {n}")
    slug = factory.Sequence(lambda n: f"commentator-{n}")
    kind = CommentatorKind.PERSON


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    commentator = factory.SubFactory(CommentatorFactory)
    quote = "New sanctions will not work."
    statement = "Sanctions adopted in 2016 will not seriously hurt the regime by 2019."
    resolution_criteria = "True if no credible report of serious economic damage appears by the deadline."
    made_on = datetime.date(2016, 3, 1)
    made_precision = Precision.MONTH
    resolve_by = datetime.date(2019, 3, 31)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Save through the service, as the application does, so that the claim is on the ledger."""
        from claims.services import claim_save

        return claim_save(claim=model_class(*args, **kwargs))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    report = factory.SubFactory(ReportFactory)
    stance = Stance.CONTRADICTS
    note = "Reports serious damage."
