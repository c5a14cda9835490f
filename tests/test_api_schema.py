"""The published OpenAPI schema tells the truth: schemathesis drives every operation from it.

Requests are generated from the schema (valid ones, and ones the schema forbids), sent both anonymously
and as an editor with a token, and every answer must be a documented status code with a documented body
and content type; none may be a server error. Derandomised, so that CI runs the same cases each time.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from claims.roles import ensure_editors_group
from tests.factories import UserFactory
from tracker.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 16  # per operation, mode and caller: 35 operations, so over 2,000 cases


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Keep the test's transaction open across WSGI calls, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(db, wsgi_keeps_the_test_connection) -> str:
    call_command("load_demo")  # records to find, so that reads and writes get past the 404s
    user = UserFactory(username="schema-editor")
    user.groups.add(ensure_editors_group())
    return Token.objects.create(user=user).key


def run_operation(operation, mode: GenerationMode, headers: dict, checks: list, statuses: Counter) -> int:
    """Send generated cases to one operation, counting the answers by status; return how many were sent."""
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def send(case):
        nonlocal sent
        sent += 1
        statuses[case.call_and_validate(headers=headers, checks=checks).status_code] += 1

    try:
        send()
    except Unsatisfiable:
        # Negative mode: the operation takes nothing that can be made invalid (e.g. a list without filters).
        if mode is not GenerationMode.NEGATIVE:
            raise
    return sent


def test_every_operation__answers_as_its_schema_says(editor_token):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    callers = {"anonymous": {}, "editor": {"Authorization": f"Token {editor_token}"}}
    sent, statuses = 0, Counter()
    for operation in operations:
        for headers in callers.values():
            sent += run_operation(operation, GenerationMode.POSITIVE, headers, CHECKS, statuses)
            negative_checks = [*CHECKS, negative_data_rejection]
            sent += run_operation(operation, GenerationMode.NEGATIVE, headers, negative_checks, statuses)
    print(f"schemathesis: {sent} cases over {len(operations)} operations; answers by status: {dict(statuses)}")
    assert sent >= 2000
    assert statuses[201] and statuses[200] and statuses[400]  # writes went through, reads answered, bad input refused
