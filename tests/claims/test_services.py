import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from claims.models import Claim, Commentator, Evidence, Outcome, Resolution, Status
from claims.services import (
    EVIDENCE_REQUIRED,
    claim_create,
    claim_resolve,
    claim_update,
    commentator_create,
    evidence_attach,
    evidence_update,
    topic_create,
)
from tests.conftest import error_codes
from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory
from tracker.partial_dates import Precision

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def new_claim(commentator, **changes) -> Claim:
    fields = {
        "commentator": commentator,
        "quote": "New sanctions on North Korea will not work.",
        "statement": "The sanctions adopted in 2016 will not seriously hurt the North Korean regime by March 2019.",
        "resolution_criteria": "False if credible reports show state industry, elite incomes or GDP falling sharply.",
        "made_on": datetime.date(2016, 3, 1),
        "made_precision": Precision.MONTH,
        "resolve_by": datetime.date(2019, 3, 31),
        **changes,
    }
    return claim_create(**fields)


def test_commentator_create__rejects_links_that_are_not_web_addresses():
    with pytest.raises(ValidationError) as raised:
        commentator_create(name="Joshua Stanton", links=["https://freekorea.us/", "javascript:alert(1)"])
    assert "invalid_url" in error_codes(raised.value)
    assert not Commentator.objects.exists()


def test_commentator_create__rejects_an_unknown_kind():
    with pytest.raises(ValidationError) as raised:
        commentator_create(name="Someone", kind="robot")
    assert "invalid_choice" in error_codes(raised.value)


def test_topic_create__refuses_a_duplicate_slug():
    topic_create(name="Sanctions")
    with pytest.raises(ValidationError) as raised:
        topic_create(name="Sanctions (again)", slug="sanctions")
    assert "unique" in error_codes(raised.value)


def test_claim_create__keeps_topics_and_month_precision(commentator):
    topic = topic_create(name="North Korea")
    claim = new_claim(commentator, made_on=datetime.date(2016, 3, 20), topics=[topic])
    claim.refresh_from_db()
    assert claim.made_on == datetime.date(2016, 3, 1)
    assert claim.made_display == "Mar 2016"
    assert list(claim.topics.all()) == [topic]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"probability": 1.5}, "probability_out_of_range"),
        ({"probability": -0.1}, "probability_out_of_range"),
        ({"probability": 0.7, "estimative_words": "probable"}, "two_confidences"),
        ({"estimative_words": "maybe"}, "invalid_choice"),
        ({"resolve_by": datetime.date(2015, 12, 31)}, "deadline_before_made"),
        ({"made_on": TODAY + datetime.timedelta(days=40), "made_precision": "day", "resolve_by": None},
         "made_in_future"),
        ({"appeared_url": "javascript:alert(1)"}, "invalid_url"),
        ({"quote": "   "}, "blank"),
        ({"resolution_criteria": ""}, "blank"),
        ({"made_precision": "week"}, "invalid_choice"),
    ],
)  # fmt: skip
def test_claim_create__rejects_bad_input_and_writes_nothing(commentator, changes, code):
    with pytest.raises(ValidationError) as raised:
        new_claim(commentator, **changes)
    assert code in error_codes(raised.value)
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("sql", "constraint"),
    [
        ("UPDATE claims_claim SET probability = 1.5", "claim_probability_0_to_1"),
        ("UPDATE claims_claim SET probability = 0.5, estimative_words = 'probable'", "claim_one_confidence_basis"),
        ("UPDATE claims_claim SET resolve_by = '2015-01-01'", "claim_deadline_not_before_made"),
        ("UPDATE claims_claim SET made_on = '2016-03-15'", "claim_made_on_at_precision"),
        ("UPDATE claims_claim SET outcome = 'true'", "claim_outcome_with_date"),
        ("UPDATE claims_claim SET estimative_words = 'perhaps'", "claim_estimative_words_known"),
    ],
)
def test_claim_constraints__hold_in_the_database_itself(claim, sql, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.parametrize(
    ("probability", "words", "scored"),
    [(0.8, "", 0.8), (None, "almost_certain", 0.93), (None, "probably_not", 0.3), (None, "", None)],
)
def test_forecast_probability__is_the_stated_probability_else_the_kent_value(commentator, probability, words, scored):
    claim = new_claim(commentator, probability=probability, estimative_words=words)
    claim.refresh_from_db()
    assert claim.forecast_probability == scored


def test_claim_update__changes_fields_and_topics(claim):
    topic = topic_create(name="Sanctions")
    claim_update(claim=claim, probability=0.25, topics=[topic])
    claim.refresh_from_db()
    assert claim.probability == 0.25
    assert list(claim.topics.all()) == [topic]


def test_claim_update__rejects_a_probability_out_of_range_and_keeps_the_old_one(claim):
    claim_update(claim=claim, probability=0.6)
    with pytest.raises(ValidationError) as raised:
        claim_update(claim=claim, probability=1.5)
    assert "probability_out_of_range" in error_codes(raised.value)
    claim.refresh_from_db()
    assert claim.probability == 0.6


def test_claim_update__cannot_move_the_made_date_after_a_resolution(claim):
    evidence = EvidenceFactory(claim=claim)
    claim_resolve(
        claim=claim, outcome=Outcome.FALSE, resolved_on=datetime.date(2019, 4, 30), rationale="r",
        cited_evidence=[evidence],
    )  # fmt: skip
    claim.refresh_from_db()  # an edit from the copy read before the verdict would be refused as stale
    with pytest.raises(ValidationError) as raised:
        claim_update(claim=claim, made_on=datetime.date(2019, 6, 1), resolve_by=None)
    assert "resolved_before_made" in error_codes(raised.value)
    claim.refresh_from_db()
    assert claim.made_on == datetime.date(2016, 3, 1)


def test_evidence_attach__allows_one_link_per_claim_and_report(claim, report):
    evidence_attach(claim=claim, report=report, stance="supports", note="First.")
    with pytest.raises(ValidationError) as raised:
        evidence_attach(claim=claim, report=report, stance="contradicts")
    assert "duplicate_evidence" in error_codes(raised.value)
    assert Evidence.objects.get().stance == "supports"


def test_evidence_attach__lets_one_report_bear_on_many_claims(report, commentator):
    first, second = ClaimFactory(commentator=commentator), ClaimFactory(commentator=commentator)
    evidence_attach(claim=first, report=report, stance="supports")
    evidence_attach(claim=second, report=report, stance="contradicts")
    assert report.evidence.count() == 2


def test_evidence_attach__rejects_an_unknown_stance(claim, report):
    with pytest.raises(ValidationError) as raised:
        evidence_attach(claim=claim, report=report, stance="agrees")
    assert "invalid_choice" in error_codes(raised.value)
    assert not Evidence.objects.exists()


def test_evidence_update__changes_the_stance(claim, report):
    evidence = evidence_attach(claim=claim, report=report, stance="context")
    evidence_update(evidence=evidence, stance="mixed", note=" Both ways. ")
    evidence.refresh_from_db()
    assert (evidence.stance, evidence.note) == ("mixed", "Both ways.")


def test_evidence_constraints__hold_in_the_database_itself(claim, report):
    EvidenceFactory(claim=claim, report=report)
    with pytest.raises(IntegrityError, match="evidence_one_link_per_claim_and_report"), transaction.atomic():
        Evidence.objects.bulk_create([Evidence(claim=claim, report=report, stance="supports")])
    with pytest.raises(IntegrityError, match="evidence_stance_known"), transaction.atomic():
        Evidence.objects.update(stance="agrees")


def resolve(claim, **changes) -> Resolution:
    fields = {
        "claim": claim,
        "outcome": Outcome.FALSE,
        "resolved_on": datetime.date(2019, 4, 30),
        "rationale": "State factories closed and GDP fell, as the cited reports show.",
        "cited_evidence": list(claim.evidence.all()),
        **changes,
    }
    return claim_resolve(**fields)


def test_claim_resolve__records_the_outcome_and_the_cited_evidence(claim):
    evidence = EvidenceFactory(claim=claim)
    resolution = resolve(claim)
    claim.refresh_from_db()
    assert (claim.outcome, claim.resolved_on, claim.status) == ("false", datetime.date(2019, 4, 30), "resolved")
    assert list(resolution.cited_evidence.all()) == [evidence]


def test_claim_resolve__appends_a_rejudgement_and_keeps_the_first(claim):
    EvidenceFactory(claim=claim)
    first = resolve(claim, outcome=Outcome.FALSE)
    second = resolve(claim, outcome=Outcome.PARTLY_TRUE, rationale="On appeal: the damage came late.")
    claim.refresh_from_db()
    assert claim.outcome == "partly_true"
    assert list(claim.resolutions.all()) == [second, first]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"rationale": "  "}, "rationale_required"),
        ({"resolved_on": datetime.date(2016, 2, 28)}, "resolved_before_made"),
        ({"resolved_on": TODAY + datetime.timedelta(days=1)}, "resolved_in_future"),
        ({"cited_evidence": []}, "evidence_required"),
        ({"outcome": "maybe"}, "invalid_choice"),
    ],
)
def test_claim_resolve__rejects_bad_input_and_writes_nothing(claim, changes, code):
    EvidenceFactory(claim=claim)
    with pytest.raises(ValidationError) as raised:
        resolve(claim, **changes)
    assert code in error_codes(raised.value)
    assert not Resolution.objects.exists()
    claim.refresh_from_db()
    assert claim.outcome == ""


def test_claim_resolve__explains_that_evidence_must_be_cited(claim):
    with pytest.raises(ValidationError) as raised:
        resolve(claim, cited_evidence=[])
    assert raised.value.message_dict["cited_evidence"] == [EVIDENCE_REQUIRED]


def test_claim_resolve__refuses_evidence_attached_to_another_claim(claim):
    EvidenceFactory(claim=claim)
    elsewhere = EvidenceFactory()
    with pytest.raises(ValidationError) as raised:
        resolve(claim, cited_evidence=[elsewhere])
    assert "evidence_not_on_claim" in error_codes(raised.value)
    assert not Resolution.objects.exists()


def test_claim_resolve__void_needs_no_evidence(claim):
    resolve(claim, outcome=Outcome.VOID, cited_evidence=[], rationale="The claim's terms never applied.")
    claim.refresh_from_db()
    assert claim.outcome == "void"


def test_resolution_date__is_checked_by_the_database_too(claim):
    with pytest.raises(IntegrityError, match="before the claim was made"), transaction.atomic():
        Resolution.objects.create(claim=claim, outcome="true", resolved_on=datetime.date(2015, 1, 1), rationale="r")


def test_resolutions__cannot_be_changed_or_deleted_in_the_database(claim):
    EvidenceFactory(claim=claim)
    resolution = resolve(claim)
    with pytest.raises(IntegrityError, match="appended"), transaction.atomic():
        Resolution.objects.filter(pk=resolution.pk).update(outcome="true")
    with pytest.raises(IntegrityError, match="appended"), transaction.atomic():
        Resolution.objects.filter(pk=resolution.pk).delete()
    resolution.refresh_from_db()
    assert resolution.outcome == "false"


def test_claim_made_date__cannot_be_moved_after_a_resolution_in_the_database(claim):
    EvidenceFactory(claim=claim)
    resolve(claim)
    with pytest.raises(IntegrityError, match="after one of its resolutions"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(made_on=datetime.date(2020, 1, 1), resolve_by=None)


def test_claim_status__is_open_due_or_resolved(commentator):
    today = datetime.date(2020, 1, 1)
    no_deadline = ClaimFactory(commentator=commentator, resolve_by=None)
    future = ClaimFactory(commentator=commentator, resolve_by=datetime.date(2020, 6, 1))
    past = ClaimFactory(commentator=commentator, resolve_by=datetime.date(2019, 6, 1))
    resolved = ClaimFactory(commentator=commentator, resolve_by=datetime.date(2019, 6, 1))
    EvidenceFactory(claim=resolved)
    resolve(resolved, resolved_on=datetime.date(2019, 5, 1))
    resolved.refresh_from_db()

    assert [c.status_on(today) for c in (no_deadline, future, past, resolved)] == [
        Status.OPEN, Status.OPEN, Status.DUE, Status.RESOLVED,
    ]  # fmt: skip
    assert set(Claim.objects.open(today)) == {no_deadline, future}
    assert set(Claim.objects.due(today)) == {past}
    assert set(Claim.objects.resolved()) == {resolved}
    assert set(Claim.objects.with_status("due", today)) == {past}


def test_report_with_evidence__cannot_be_deleted(claim):
    evidence = EvidenceFactory(claim=claim)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        evidence.report.delete()
    assert ReportFactory._meta.model.objects.filter(pk=evidence.report_id).exists()


def test_evidence__is_never_moved_to_another_claim_or_report(cited_evidence):
    from claims.services import evidence_save

    _, other = cited_evidence
    for change in ({"claim": ClaimFactory()}, {"report": ReportFactory()}):
        item = Evidence.objects.get(pk=other.pk)
        for name, value in change.items():
            setattr(item, name, value)
        with pytest.raises(ValidationError) as refused:
            evidence_save(evidence=item)
        assert error_codes(refused.value) == {"evidence_not_moved"}
    assert Evidence.objects.get(pk=other.pk).report_id == other.report_id


def test_cited_evidence__keeps_its_stance_and_stays(cited_evidence):
    from claims.services import evidence_remove, evidence_update

    cited, other = cited_evidence
    stance = cited.stance
    with pytest.raises(ValidationError) as refused:
        evidence_update(evidence=cited, stance="supports")
    assert error_codes(refused.value) == {"cited_evidence_fixed"}
    with pytest.raises(ValidationError) as refused:
        evidence_remove(evidence=cited)
    assert error_codes(refused.value) == {"cited_evidence_fixed"}
    evidence_update(evidence=Evidence.objects.get(pk=cited.pk), note="A clearer note.")  # the note may be clarified
    evidence_update(evidence=other, stance="supports")  # evidence nothing cites changes as before
    evidence_remove(evidence=other)
    assert list(Evidence.objects.values_list("pk", "stance")) == [(cited.pk, stance)]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE claims_evidence SET stance = 'supports' WHERE id = {cited}",
        "UPDATE claims_evidence SET report_id = {spare_report} WHERE id = {cited}",
        "UPDATE claims_evidence SET report_id = {spare_report} WHERE id = {other}",
        "UPDATE claims_evidence SET claim_id = {spare_claim} WHERE id = {other}",
        "DELETE FROM claims_evidence WHERE id = {cited}",
        "DELETE FROM claims_resolution_cited_evidence",
        "UPDATE claims_resolution_cited_evidence SET evidence_id = {other}",
    ],
    ids=["stance", "report", "report_of_uncited", "claim_of_uncited", "delete", "citation_delete", "citation_update"],
)
def test_cited_evidence__is_held_by_the_database_whoever_writes(cited_evidence, sql):
    from django.db import DatabaseError, connection, transaction

    cited, other = cited_evidence
    spare = {"spare_claim": ClaimFactory().pk, "spare_report": ReportFactory().pk}  # somewhere to move a link to
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(cited=cited.pk, other=other.pk, **spare))
    assert Evidence.objects.get(pk=cited.pk).stance == cited.stance


def test_evidence_attach__refuses_a_retracted_claim(claim):
    from claims.services import CLAIM_RETRACTED, claim_retract

    claim_retract(claim=claim, reason="duplicate", note="Logged twice.")
    with pytest.raises(ValidationError) as refused:
        evidence_attach(claim=claim, report=ReportFactory(), stance="supports")
    assert refused.value.messages == [CLAIM_RETRACTED] and error_codes(refused.value) == {"retracted"}
    assert not Evidence.objects.filter(claim=claim).exists()
