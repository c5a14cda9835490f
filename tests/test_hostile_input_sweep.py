"""Hostile input to every URL pattern of the site, found by walking the URL configuration, the admin's included.

NUL characters in the path, the query, form and JSON bodies, cookies and headers; values of 200,000 characters;
every HTTP method; JSON nested 100,000 deep. Sent as an anonymous reader, an editor and a staff user, to each
pattern with its parameters filled by real records' keys and by hostile values. No answer may be a server error,
and a refused request writes nothing.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from rest_framework.serializers import Serializer

from claims import services
from claims.forms import ScoreFilterForm
from claims.models import Claim, Commentator, Dispute, Resolution, Topic
from claims.roles import ensure_editors_group
from sources.models import Report, Source
from tests.factories import UserFactory
from tracker.api.parsers import JSON_NUL, JSON_TOO_DEEP
from tracker.middleware import NUL_REFUSED, VALUE_REFUSED

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
HUGE = "x" * 200_000
HUGE_NUMBER = "9" * 30  # past a bigint, and past the digits Python turns into an int by default
DEEP_JSON = "[" * 100_000 + "]" * 100_000
METHODS = ("get", "head", "options", "post", "put", "patch", "delete")
WRITE_METHODS = ("post", "put", "patch", "delete")
ROLES = ("anonymous", "editor", "staff")

# Query parameters of views that read them without a filter set or a form class (the others are found).
READ_PARAMETERS = {"page", "page_size", "timeline", "source", "next", "format", *ScoreFilterForm.base_fields}
# Those the admin's pages read, besides the fields of a changelist's filters and an add page's initial values.
ADMIN_PARAMETERS = {"q", "o", "p", "e", "_to_field", "_popup", "_changelist_filters", "next"}
# The first segment of a page's address names the model of its <pk> or <slug>.
PAGE_MODELS = {
    "claims": Claim,
    "reports": Report,
    "sources": Source,
    "commentators": Commentator,
    "topics": Topic,
    "disputes": Dispute,
}
LOGOUT_NAMES = {"logout"}


# Walking the URL configuration ---------------------------------------------------------------------------------


@dataclass
class Pattern:
    """One URL pattern, with the route pieces of the resolvers above it."""

    pieces: list
    pattern: URLPattern
    name: str

    @property
    def callback(self):
        return self.pattern.callback

    @property
    def route(self) -> str:
        return "".join(str(piece) for piece in self.pieces)

    def parameters(self) -> dict[str, str]:
        """Return each parameter of the address and its kind: "int" for digits only, else "text"."""
        kinds = {}
        for piece in self.pieces:
            if isinstance(piece, RoutePattern):
                for name, converter in piece.converters.items():
                    kinds[name] = "int" if type(converter).__name__ == "IntConverter" else "text"
            elif isinstance(piece, RegexPattern):
                kinds.update({name: "text" for name in piece.regex.groupindex})
        return kinds

    def url(self, values: dict[str, str]) -> str:
        """Return the address with each parameter replaced by its value, quoted."""
        return "/" + "".join(fill(piece, values) for piece in self.pieces)

    @property
    def api_class(self):
        return getattr(self.callback, "cls", None)

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    @property
    def model_admin(self):
        return getattr(self.callback, "model_admin", None)

    @property
    def is_api(self) -> bool:
        return self.api_class is not None


def url_patterns(patterns=None, pieces=(), namespace="") -> list[Pattern]:
    """Return every URL pattern of the site, recursively through every include."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += url_patterns(pattern.url_patterns, (*pieces, pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            found.append(Pattern([*pieces, pattern.pattern], pattern, f"{namespace}{pattern.name or ''}"))
    return found


PATH_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def fill(piece, values: dict[str, str]) -> str:
    """Return a route piece with its parameters replaced by quoted values."""
    if isinstance(piece, RoutePattern):
        return PATH_PARAMETER.sub(lambda match: quote(values[match["parameter"]], safe=""), str(piece))
    text = str(piece)
    for name in piece.regex.groupindex:
        start = text.index(f"(?P<{name}>")
        end = closing_parenthesis(text, start)
        text = text[:start] + quote(values[name], safe="") + text[end + 1 :]
    return re.sub(r"\\(.)", r"\1", text.removeprefix("^").removesuffix("$"))


def closing_parenthesis(text: str, start: int) -> int:
    depth = 0
    for position in range(start, len(text)):
        if text[position] == "\\":
            continue
        if text[position] == "(" and (position == 0 or text[position - 1] != "\\"):
            depth += 1
        elif text[position] == ")" and text[position - 1] != "\\":
            depth -= 1
            if depth == 0:
                return position
    raise ValueError(f"No closing parenthesis in {text!r}")


def regex_group(piece: RegexPattern, name: str) -> str:
    """Return the regular expression of a named group: auth|claims|sources for the admin's app_label."""
    text = str(piece)
    start = text.index(f"(?P<{name}>")
    return text[start + len(f"(?P<{name}>") : closing_parenthesis(text, start)]


# Real records for the parameters -------------------------------------------------------------------------------


@dataclass
class Record:
    """The demo record with a dispute open, and who sends the requests."""

    claim: Claim
    dispute: Dispute
    users: dict = field(default_factory=dict)


def model_of(pattern: Pattern):
    """Return the model whose key fills the pattern's <pk>, <slug> or <object_id>."""
    if pattern.model_admin is not None:
        return pattern.model_admin.model
    if pattern.api_class is not None:
        view = pattern.api_class()
        queryset = getattr(view, "queryset", None)
        return (queryset if queryset is not None else view.get_queryset()).model
    segments = [segment for segment in pattern.route.split("/") if segment and segment != "feeds"]
    if segments[:1] == ["admin"] and len(segments) > 2:  # admin/<app>/<model>/...: a view of the model's admin
        return apps.get_model(segments[1], segments[2])
    if segments and segments[0] in PAGE_MODELS:
        return PAGE_MODELS[segments[0]]
    raise AssertionError(f"Say which model fills the parameters of {pattern.route} (PAGE_MODELS)")


def real_value(pattern: Pattern, name: str, record: Record) -> str:
    """Return a real record's key for the pattern's parameter."""
    if name in {"uidb64", "token", "url"}:
        return "x"
    if name == "app_label":  # the admin's app index, ^(?P<app_label>auth|claims|...)/$: its first app
        pieces = [piece for piece in pattern.pieces if isinstance(piece, RegexPattern)]
        piece = next(piece for piece in pieces if name in piece.regex.groupindex)
        return regex_group(piece, name).split("|")[0]
    if name == "content_type_id":
        return str(ContentType.objects.get_for_model(Claim).pk)
    if name == "sequence":  # a ledger entry's number
        return "1"
    model = Claim if name == "object_id" and pattern.model_admin is None else model_of(pattern)
    chosen = {Claim: record.claim, Dispute: record.dispute}.get(model)
    if chosen is None:
        chosen = model.objects.order_by("pk").first()
    if name in {"pk", "id", "object_id"}:
        return str(chosen.pk if chosen is not None else 1)
    lookup = getattr(pattern.api_class, "lookup_field", name)
    return str(getattr(chosen, lookup)) if chosen is not None else "x"


def real_values(pattern: Pattern, record: Record) -> dict[str, str]:
    return {name: real_value(pattern, name, record) for name in pattern.parameters()}


def query_parameters(pattern: Pattern) -> set[str]:
    """Return the query parameters the pattern's view reads: its filters', and those read without one."""
    names = set(ADMIN_PARAMETERS if pattern.name.startswith("admin:") else READ_PARAMETERS)
    if pattern.name.endswith(("_add", "_changelist")):  # initial values of an admin add page; a changelist's lookups
        by_kind = {type(item): item.name for item in reversed(pattern.model_admin.model._meta.fields)}
        names |= set(by_kind.values())  # a field of each kind: they are looked up alike
    view_class = pattern.api_class or pattern.view_class
    filterset = getattr(view_class, "filterset_class", None)
    if filterset is not None:
        names |= set(filterset.base_filters)
    if pattern.model_admin is not None:
        names |= {f"{name}__exact" for name in pattern.model_admin.list_filter if isinstance(name, str)}
    return names


def body_fields(pattern: Pattern) -> set[str]:
    """Return the fields a form or serializer of the pattern's view reads, or the model's for an admin page."""
    if pattern.api_class is not None:
        view = pattern.api_class(**getattr(pattern.callback, "initkwargs", {}))
        view.action, view.request, view.format_kwarg = "create", None, None
        serializer_class = getattr(view, "get_serializer_class", lambda: None)()
        if serializer_class is None or not issubclass(serializer_class, Serializer):
            return {"name"}
        return {name for name, item in serializer_class().fields.items() if not item.read_only}
    if pattern.model_admin is not None:
        return {item.name for item in pattern.model_admin.model._meta.fields} | {"q", "action", "index"}
    form_class = getattr(pattern.view_class, "form_class", None)
    return set(form_class.base_fields) if form_class is not None else {"name"}


# Sending, and checking that a refused request wrote nothing -------------------------------------------------------

# Tables a request writes whoever sends it and whatever it holds: sessions, and sign-in records.
NOT_THE_RECORD = {"sessions", "axes", "admin"}


def record_tables() -> list[str]:
    return [
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label not in NOT_THE_RECORD and not model._meta.proxy and model._meta.managed
    ]


def row_counts(tables: list[str]) -> tuple[int, ...]:
    """Count the rows of every table of the record, in one query."""
    quote_name = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {quote_name(table)})" for table in tables))
        return cursor.fetchone()


class Sweep:
    """Send requests as each role, and check that none fails with a server error or writes when refused."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.clients = {}
        for role in record.users:
            client = Client(raise_request_exception=False)
            if record.users.get(role) is not None:
                client.force_login(record.users[role])
            self.clients[role] = client
        self.tables = record_tables()
        self.counts = row_counts(self.tables)
        self.sent = 0
        self.failures: list[str] = []

    def send(self, role: str, method: str, url: str, *, pattern: Pattern, refused: set[int] | None = None, **kwargs):
        """Send one request; note a server error, a refusal that wrote, or a status outside `refused` if given."""
        client = self.clients[role]
        # In a savepoint: a query the database refused (answered 400 by RefuseUnreadableValueMiddleware) leaves the
        # test's transaction unusable, where outside a test each statement stands alone.
        savepoint = transaction.savepoint_create()
        if pattern.is_api and method in {"put", "patch", "delete"}:
            kwargs = {**current_copy(client, url), **kwargs}
        response = getattr(client, method)(url, **kwargs)
        self.sent += 1
        shown = f"{role} {method.upper()} {url[:120]} {str(kwargs)[:120]}"
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{status} {shown}")
        if refused is not None and status not in refused:
            self.failures.append(f"{status} (expected one of {sorted(refused)}) {shown}")
        try:
            counts = row_counts(self.tables)
        except DatabaseError:
            transaction.savepoint_rollback(savepoint)
            counts = row_counts(self.tables)
        transaction.savepoint_commit(savepoint)
        if counts != self.counts and (status >= 400 or (method == "post" and status == 200 and not pattern.is_api)):
            changed = [table for table, old, new in zip(self.tables, self.counts, counts, strict=True) if old != new]
            self.failures.append(f"{status} wrote to {', '.join(changed)}: {shown}")
        self.counts = counts
        if pattern.pattern.name in LOGOUT_NAMES and self.record.users.get(role) is not None:
            client.force_login(self.record.users[role])
        return response

    def assert_clean(self) -> None:
        assert self.failures == [], f"{len(self.failures)} of {self.sent} requests:\n" + "\n".join(self.failures[:50])


def current_copy(client: Client, url: str) -> dict:
    """Return the If-Match header naming the record's current copy, when the API gives one (its ETag).

    A change that names no copy may be refused before its body is read: the body is what is tested here.
    """
    etag = client.get(url).get("ETag")
    return {"HTTP_IF_MATCH": etag} if etag else {}


@pytest.fixture
def record(db) -> Record:
    call_command("load_demo")
    reader = UserFactory(username="reader")
    resolution = Resolution.objects.order_by("pk").first()
    dispute = services.dispute_raise(resolution=resolution, raised_by=reader, reason="The evidence says otherwise.")
    editor = UserFactory(username="editor-sweep")
    editor.groups.add(ensure_editors_group())
    staff = UserFactory(username="staff-sweep", is_staff=True, is_superuser=True)
    return Record(claim=dispute.claim, dispute=dispute, users={"anonymous": None, "editor": editor, "staff": staff})


@pytest.fixture
def patterns() -> list[Pattern]:
    return url_patterns()


def test_the_walk__finds_every_pattern_and_fills_it_with_real_keys(record, patterns):
    names = {pattern.name for pattern in patterns}
    assert {"claims:commentator_detail", "sources:report_delete", "api:claim-list", "data:import_csv"} <= names
    assert {"admin:claims_claim_change", "admin:index", "login"} <= names
    for pattern in patterns:
        url = pattern.url(real_values(pattern, record))
        assert resolve(url).func == pattern.callback, (pattern.route, url)


def api_methods(pattern: Pattern) -> set[str]:
    """Return the write methods an API pattern answers (its viewset's actions, or its view's handlers)."""
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        return set(actions) & set(WRITE_METHODS)
    return {method for method in WRITE_METHODS if hasattr(pattern.api_class, method)}


OWN_APPS = ("claims.", "sources.", "tracker.")


def refused_methods(pattern: Pattern, method: str, role: str) -> set[int] | None:
    """Return the answers a page of the site may give to a method its view does not take; None if it takes it.

    A page for editors sends a reader to sign in (302) or refuses them (403) before looking at the method; the
    staff user may use every page, so is told 405. Django's own views (sign-in, password reset) are theirs.
    """
    view_class = pattern.view_class
    if view_class is None or pattern.is_api or not view_class.__module__.startswith(OWN_APPS):
        return None
    if method in view_class.http_method_names and (hasattr(view_class, method) or method in {"head", "options"}):
        return None
    return {405} if role == "staff" else {302, 403, 405}


def body(pattern: Pattern, method: str, value) -> dict:
    """Return the request arguments for a body giving value to every field the pattern's view reads."""
    fields = body_fields(pattern)
    if pattern.is_api:
        return {"data": json.dumps(dict.fromkeys(sorted(fields), value)), "content_type": "application/json"}
    data = {name: autocomplete_safe(pattern, name, value) for name in sorted(fields)}
    if method == "post":
        return {"data": data}  # multipart, as a browser sends a form with a file
    return {"data": urlencode(data), "content_type": "application/x-www-form-urlencoded"}


def autocomplete_safe(pattern: Pattern, name: str, value: str) -> str:
    """Return the value: admin autocomplete fields take anything now (tracker.admin's widgets show only keys)."""
    return value


def test_every_method__on_every_pattern__answers_without_a_server_error_and_a_refusal_writes_nothing(record, patterns):
    """Every method, as every role, with a body of 200,000-character values; a method a view does not take is 405."""
    sweep = Sweep(record)
    for pattern in patterns:
        url = pattern.url(real_values(pattern, record))
        for role in ROLES:
            for method in METHODS:
                arguments = body(pattern, method, HUGE) if method in WRITE_METHODS else {}
                refused = refused_methods(pattern, method, role)
                if refused is not None and len(arguments.get("data", "")) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                    refused |= {400}  # a form body too large for Django to read is refused before the view
                sweep.send(role, method, url, pattern=pattern, refused=refused, **arguments)
    sweep.assert_clean()


def nul_requests(pattern: Pattern, record: Record):
    """Yield (method, url, arguments, statuses expected) for every place of a request a NUL can be put in."""
    values = real_values(pattern, record)
    url = pattern.url(values)
    for name in values:
        yield "get", pattern.url({**values, name: NUL}), {}, {400}
    for name in sorted(query_parameters(pattern)):
        yield "get", f"{url}?{urlencode({name: NUL})}", {}, {400}
    yield "get", f"{url}?{quote(NUL)}=1", {}, {400}
    if pattern.is_api:
        refused = {400, 401, 403, 405}  # by the parser, or before it: not signed in, not an editor, no such method
        for method in sorted(api_methods(pattern)):
            yield method, url, body(pattern, method, NUL), refused
            yield method, url, {"data": json.dumps({NUL: "x"}), "content_type": "application/json"}, refused
    else:
        for method in WRITE_METHODS:
            yield method, url, body(pattern, method, NUL), {400}
        yield "post", url, {"data": {NUL: "x"}}, {400}
    yield "get", url, {"HTTP_AUTHORIZATION": f"Token {NUL}"}, {400}
    yield "get", url, {"HTTP_X_FORWARDED_FOR": NUL}, {400}


def test_nul_characters__anywhere_in_a_request_to_any_pattern__are_refused_with_400_and_write_nothing(record, patterns):
    sweep = Sweep(record)
    for pattern in patterns:
        for role in ROLES:
            for method, url, arguments, refused in nul_requests(pattern, record):
                response = sweep.send(role, method, url, pattern=pattern, refused=refused, **arguments)
                if response.status_code == 400 and pattern.is_api and "json" in arguments.get("content_type", ""):
                    assert JSON_NUL in response.json()["detail"], url
                elif response.status_code == 400 and not pattern.is_api:
                    assert NUL_REFUSED.split("{")[0] in response.content.decode(), url
    sweep.assert_clean()


def test_a_nul_character__in_a_cookie_is_refused_with_400(record, patterns):
    sweep = Sweep(Record(claim=record.claim, dispute=record.dispute, users={"anonymous": None}))
    sweep.clients["anonymous"].cookies["sessionid"] = f"abcdefgh{NUL}"  # the session is looked up by its key
    for pattern in patterns:
        sweep.send("anonymous", "get", pattern.url(real_values(pattern, record)), pattern=pattern, refused={400})
    sweep.assert_clean()


def test_huge_values__in_any_path_parameter_or_query_parameter__answer_without_a_server_error(record, patterns):
    sweep = Sweep(record)
    for pattern in patterns:
        values = real_values(pattern, record)
        kinds = pattern.parameters()
        requests = [pattern.url({**values, name: HUGE_NUMBER if kinds[name] == "int" else HUGE}) for name in values]
        requests += [pattern.url({**values, name: HUGE}) for name in values if kinds[name] == "int"]
        requests += [
            f"{pattern.url(values)}?{urlencode({name: autocomplete_safe(pattern, name, HUGE)})}"
            for name in sorted(query_parameters(pattern))
        ]
        # The admin sends anyone but staff to its sign-in page before it reads a parameter.
        for role in ("staff",) if pattern.name.startswith("admin:") else ROLES:
            for url in requests:
                sweep.send(role, "get", url, pattern=pattern)
    sweep.assert_clean()


def test_deep_json__to_every_api_pattern_taking_a_body__is_refused_with_400_and_writes_nothing(record, patterns):
    nested = json.dumps(json.loads("[" * 40 + "]" * 40))
    sweep = Sweep(record)
    for pattern in patterns:
        if not pattern.is_api:
            continue
        url = pattern.url(real_values(pattern, record))
        for method in sorted(api_methods(pattern)):
            for text in (DEEP_JSON, nested, json.dumps({"name": json.loads("[" * 40 + "]" * 40)})):
                sweep.send("anonymous", method, url, pattern=pattern, refused={401}, data=text,
                           content_type="application/json")  # fmt: skip
                for role in ("editor", "staff"):
                    response = sweep.send(role, method, url, pattern=pattern, refused={400}, data=text,
                                          content_type="application/json")  # fmt: skip
                    assert response.json() == {"detail": JSON_TOO_DEEP}, (method, url)
    assert sweep.sent > 50
    sweep.assert_clean()


def test_every_admin_autocomplete_field__given_a_value_that_is_not_a_key__answers_without_a_server_error(record):
    """Django's autocomplete widget looks up the value it shows; tracker.admin's widgets show only keys."""
    from django.contrib import admin

    client = Client(raise_request_exception=False)
    client.force_login(record.users["staff"])
    tried = []
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/?{name}=abc"
            tried.append((url, client.get(url).status_code))
    assert len(tried) >= 6
    assert [(url, status) for url, status in tried if status >= 500] == []


AUDITED = [
    "/claims/?commentator=a%00b",
    "/commentators/a%00b/",
    "/sources/a%00b/",
    "/api/claims/?source=a%00b",
    "/topics/a%00b/",
    "/feeds/commentators/a%00b/",
]


@pytest.mark.parametrize("url", AUDITED)
def test_the_addresses_of_the_audit__answer_400_saying_why(client, url):
    response = client.get(url)
    assert response.status_code == 400
    text = response.json()["detail"] if url.startswith("/api/") else response.content.decode()
    where = "the address" if "?" not in url else f"the query parameter '{url.split('?')[1].split('=')[0]}'"
    assert text == NUL_REFUSED.format(where=where)


def test_a_lookup_the_database_cannot_read__is_refused_with_400(record):
    client = Client(raise_request_exception=False)
    client.force_login(record.users["staff"])
    response = client.get("/admin/axes/accessattempt/?ip_address=not-an-address")
    assert response.status_code == 400
    assert response.content.decode() == VALUE_REFUSED
