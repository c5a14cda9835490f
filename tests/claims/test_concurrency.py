"""Many editors writing at once lose nothing and keep the ledger valid."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from claims.models import Evidence, Resolution
from claims.record import ledger
from claims.scoring import figures
from claims.services import claim_resolve, claim_update, evidence_attach
from tests.factories import ClaimFactory, CommentatorFactory, ReportFactory
from tracker.services import refusal_codes


@pytest.mark.django_db(transaction=True)
def test_editors_resolving_editing_and_attaching_at_once__lose_nothing():
    commentator = CommentatorFactory()  # one commentator: their figures are recomputed by every writer at once
    claims = [ClaimFactory(commentator=commentator, resolve_by=None) for _ in range(4)]
    reports = [ReportFactory() for _ in range(12)]
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    recorded: list[str] = []
    refused_as_stale: list[str] = []

    def editor(number: int) -> None:
        try:
            barrier.wait(timeout=20)
            for round_number in range(5):
                claim = claims[(number + round_number) % len(claims)]
                report = reports[(number * 5 + round_number) % len(reports)]
                item = Evidence.objects.filter(claim=claim, report=report).first()
                if item is None:
                    try:
                        item = evidence_attach(claim=claim, report=report, stance="supports")
                    except ValidationError as error:
                        # Another editor attached the same report to the same claim in the same moment: refused
                        # as any duplicate link is (one link per claim and report), and theirs is the one to cite.
                        assert refusal_codes(error) == {"duplicate_evidence"}
                        item = Evidence.objects.get(claim=claim, report=report)
                rationale = f"editor {number}, round {round_number}"
                claim_resolve(
                    claim=claim, outcome=["true", "false"][number % 2], resolved_on=datetime.date(2019, 1, 1),
                    rationale=rationale, cited_evidence=[item],
                )  # fmt: skip
                recorded.append(rationale)
                claim.refresh_from_db()
                try:
                    claim_update(claim=claim, statement=f"Edited by editor {number} in round {round_number}.")
                except ValidationError as error:
                    # Another editor saved this claim between our read and our write: refused, not lost.
                    assert refusal_codes(error) == {"stale"}
                    refused_as_stale.append(rationale)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [], "\n".join(str(e) for e in errors)
    # Every resolution an editor recorded is there, each claim shows the one appended last,
    # and the ledger still verifies.
    resolutions = Resolution.objects.count()
    assert resolutions == len(set(Resolution.objects.values_list("rationale", flat=True))), (
        "no resolution was written twice or lost"
    )
    for claim in claims:
        claim.refresh_from_db()
        latest = claim.resolutions.order_by("-recorded_at", "-id").first()
        assert claim.outcome == latest.outcome
    assert ledger.verify() == []
    assert figures.differences() == [], "the commentator's kept figures lost a concurrent write"
