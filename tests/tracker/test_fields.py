"""Every free text of the record has a length limit, held by the model, the API and the database."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction

from claims.models import Claim
from claims.services import claim_create
from tests.conftest import error_codes
from tests.factories import CommentatorFactory, UserFactory
from tracker.fields import BoundedTextField

pytestmark = pytest.mark.django_db

RECORD_APPS = ("claims", "sources")


def record_text_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Return every text field of the record's own tables (history tables keep whatever a row held)."""
    return [
        (model, field)
        for app in RECORD_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.endswith("Event")
        for field in model._meta.local_fields
        if isinstance(field, models.TextField)
    ]


def test_every_free_text_of_the_record__has_a_limit():
    unbounded = [
        f"{model.__name__}.{field.name}"
        for model, field in record_text_fields()
        if not isinstance(field, BoundedTextField)
    ]
    assert len(record_text_fields()) >= 15
    assert unbounded == []


def test_every_limit__is_held_by_the_database_too():
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'")
        checks = dict(cursor.fetchall())
    missing = [
        f"{model._meta.db_table}.{field.column} <= {field.max_length}"
        for model, field in record_text_fields()
        if f"<= {field.max_length}" not in checks.get(f"{model._meta.db_table}_{field.column}_length", "")
    ]
    assert missing == []


def test_a_megabyte_statement__is_refused_on_its_field_and_nothing_is_written():
    commentator = CommentatorFactory()
    with pytest.raises(ValidationError) as refused:
        claim_create(
            commentator=commentator, quote="q", statement="x" * 1_000_000, resolution_criteria="c",
            made_on=Claim._meta.get_field("made_on").to_python("2016-03-01"), made_precision="day",
        )  # fmt: skip
    assert refused.value.message_dict.keys() == {"statement"}
    assert error_codes(refused.value) == {"max_length"}
    assert not Claim.objects.exists()


def test_a_megabyte_statement__is_refused_by_the_database_whoever_writes(claim):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET statement = repeat('x', 1000001) WHERE id = %s", [claim.pk])
    claim.refresh_from_db()
    assert len(claim.statement) < 1000


def test_a_megabyte_statement__is_a_400_from_the_api(client, claim):
    from claims.roles import ensure_editors_group

    editor = UserFactory(username="api-editor")
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    response = client.patch(f"/api/claims/{claim.pk}/", {"statement": "x" * 1_000_000}, content_type="application/json")
    assert response.status_code == 400 and "statement" in response.json()
    claim.refresh_from_db()
    assert len(claim.statement) < 1000
