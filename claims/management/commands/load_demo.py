import datetime

import pghistory
from django.core.management.base import BaseCommand
from django.db import transaction

from claims import services
from claims.models import Claim, Commentator, Evidence, Topic
from claims.transfer import demo_data
from sources import services as source_services
from sources.models import Report, Source
from tracker.partial_dates import parse_partial_date


class Command(BaseCommand):
    help = (
        "Load the demo record (the One Free Korea chronology of sanctions on North Korea, 2016-2019). "
        "Idempotent: what exists already is left as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds any claim."
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and Claim.objects.exists():
            self.stdout.write("The database already holds claims; the demo record was not loaded.")
            return
        with pghistory.context(command="load_demo"):
            created = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(f"Demo record loaded; created {summary}.")


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create whatever part of the demo record is missing, through the services; return counts created."""
    created = dict.fromkeys(["sources", "reports", "commentators", "topics", "claims", "evidence", "resolutions"], 0)

    sources = {}
    for row in demo_data.SOURCES:
        source = Source.objects.filter(slug=row["slug"]).first()
        if source is None:
            source = source_services.source_create(**row)
            created["sources"] += 1
        sources[row["slug"]] = source

    reports = {}
    for row in demo_data.REPORTS:
        published_on, precision = parse_partial_date(row["date"])
        source = sources[row["source"]]
        report = Report.objects.filter(source=source, title=row["title"], published_on=published_on).first()
        if report is None:
            report = source_services.report_create(
                source=source,
                title=row["title"],
                published_on=published_on,
                published_precision=precision,
                summary=row["summary"],
                excerpt=row.get("excerpt", ""),
                url=row.get("url", ""),
                credibility=row["credibility"],
                repeats=reports[row["repeats"]] if row.get("repeats") else None,
            )
            created["reports"] += 1
        reports[row["key"]] = report

    commentators = {}
    for row in demo_data.COMMENTATORS:
        commentator = Commentator.objects.filter(slug=row["slug"]).first()
        if commentator is None:
            commentator = services.commentator_create(**row)
            created["commentators"] += 1
        commentators[row["slug"]] = commentator

    topics = {}
    for row in demo_data.TOPICS:
        topic = Topic.objects.filter(slug=row["slug"]).first()
        if topic is None:
            topic = services.topic_create(**row)
            created["topics"] += 1
        topics[row["slug"]] = topic

    claims = {}
    for row in demo_data.CLAIMS:
        commentator = commentators[row["commentator"]]
        claim = Claim.objects.filter(commentator=commentator, statement=row["statement"]).first()
        if claim is None:
            made_on, precision = parse_partial_date(row["made"])
            claim = services.claim_create(
                commentator=commentator,
                quote=row["quote"],
                statement=row["statement"],
                resolution_criteria=row["resolution_criteria"],
                condition=row.get("condition", ""),
                made_on=made_on,
                made_precision=precision,
                appeared_in=reports[row["appeared_in"]] if row.get("appeared_in") else None,
                appeared_url=row.get("appeared_url", ""),
                topics=[topics[slug] for slug in row.get("topics", [])],
                resolve_by=datetime.date.fromisoformat(row["resolve_by"]) if row.get("resolve_by") else None,
                probability=row.get("probability"),
                estimative_words=row.get("confidence_words") or "",
            )
            created["claims"] += 1
        claims[row["key"]] = claim

    evidence = {}
    for row in demo_data.EVIDENCE:
        claim, report = claims[row["claim"]], reports[row["report"]]
        item = Evidence.objects.filter(claim=claim, report=report).first()
        if item is None:
            item = services.evidence_attach(claim=claim, report=report, stance=row["stance"], note=row["note"])
            created["evidence"] += 1
        evidence[row["claim"], row["report"]] = item

    for row in demo_data.RESOLUTIONS:
        claim = claims[row["claim"]]
        if claim.resolutions.exists():
            continue
        services.claim_resolve(
            claim=claim,
            outcome=row["outcome"],
            resolved_on=datetime.date.fromisoformat(row["resolved_on"]),
            rationale=row["rationale"],
            cited_evidence=[evidence[row["claim"], key] for key in row["cites"]],
            condition_met=row.get("condition_met"),
        )
        created["resolutions"] += 1
    return created
