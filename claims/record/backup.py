"""A JSON backup of the whole record (every model of the sources and claims apps, their history event tables,
the ledger, and pghistory's contexts) and its restore into an empty database.

Rows keep their ids, so links, history and the ledger's hash chain come back as they were. Restoring inserts
the history rows from the backup and does not let the database triggers write them a second time. User
accounts are not backed up: the people the record names (who added, resolved, disputed) are, by username,
with their groups; on restore they are matched by username or recreated without a password.
"""

import datetime
import json
from collections.abc import Iterable

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from claims.models import CommentatorFigures
from claims.record import ledger
from claims.scoring import figures
from sources.models import SourceFigures

FORMAT = "tracker-backup"
VERSION = 1
RECORD_APPS = ("sources", "claims")

NOT_A_BACKUP = "This file is not a Tracker backup (made by manage.py backup)."
NEWER_VERSION = "This backup was made by a newer Tracker (format version {}); update Tracker first."
NOT_EMPTY = (
    "The database already holds a record ({}). Restore only into an empty database: create a new one and run "
    "manage.py migrate, then restore."
)


class RestoreRefused(Exception):
    """The backup cannot be restored here; the message says why."""


# Figures kept by triggers from the record: not backed up, recomputed after a restore.
DERIVED = (CommentatorFigures, SourceFigures)


def record_models() -> list[type[models.Model]]:
    """Return every model whose rows are backed up: the record, its history, the ledger, and history contexts."""
    found = [
        model
        for label in RECORD_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy and model not in DERIVED
    ]
    return [*found, apps.get_model("pghistory", "Context")]


def _user_fields(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
    ]  # fmt: skip


def _referenced_user_ids(record: Iterable[type[models.Model]]) -> set[int]:
    ids: set[int] = set()
    for model in record:
        for name in _user_fields(model):
            ids |= set(model.objects.exclude(**{f"{name}__isnull": True}).values_list(f"{name}_id", flat=True))
    context = apps.get_model("pghistory", "Context")
    ids |= {
        user
        for user in context.objects.filter(metadata__has_key="user").values_list("metadata__user", flat=True)
        if isinstance(user, int)
    }
    return ids


def backup() -> dict:
    """Return the whole record as a JSON-ready document."""
    record = record_models()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        # One snapshot: rows written while the backup runs are in it whole or not at all.
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        user_model = get_user_model()
        users = [
            {
                "id": user.pk,
                "username": user.get_username(),
                "first_name": getattr(user, "first_name", ""),
                "last_name": getattr(user, "last_name", ""),
                "email": getattr(user, "email", ""),
                "is_active": user.is_active,
                "groups": sorted(group.name for group in user.groups.all()),
            }
            for user in user_model.objects.filter(pk__in=_referenced_user_ids(record)).prefetch_related("groups")
        ]
        rows = []
        for model in record:
            rows += serializers.serialize("python", model.objects.order_by("pk"))
        counts = {model._meta.label: model.objects.count() for model in record}
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "counts": counts,
        "users": users,
        "objects": rows,
    }


class BackupEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, but keeping the microseconds of times (it cuts them to milliseconds, as JavaScript)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def dumps(document: dict) -> str:
    """Return the backup document as JSON text."""
    return json.dumps(document, cls=BackupEncoder, ensure_ascii=False)


def existing_rows() -> dict[str, int]:
    """Return the number of rows of each record model that holds any."""
    return {model._meta.label: count for model in record_models() if (count := model.objects.count())}


def _restore_users(users: list[dict]) -> dict[int, int]:
    """Match the backup's users by username, creating missing ones without a password; return old → new ids."""
    user_model = get_user_model()
    mapping = {}
    for row in users:
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: row["username"]}).first()
        if user is None:
            user = user_model(**{user_model.USERNAME_FIELD: row["username"]})
            if not user_model.objects.filter(pk=row["id"]).exists():
                user.pk = row["id"]  # the same id where it is free, so the history's contexts still name them
            for name in ("first_name", "last_name", "email", "is_active"):
                if hasattr(user, name):
                    setattr(user, name, row.get(name, getattr(user, name)))
            user.set_unusable_password()
            user.save()
            for name in row.get("groups", []):
                user.groups.add(Group.objects.get_or_create(name=name)[0])
        mapping[row["id"]] = user.pk
    return mapping


def _remap_users(rows: list[dict], mapping: dict[int, int]) -> None:
    fields_by_model = {model._meta.label_lower: _user_fields(model) for model in record_models()}
    for row in rows:
        for name in fields_by_model.get(row["model"], []):
            value = row["fields"].get(name)
            if value is not None:
                row["fields"][name] = mapping.get(value, value)
        if row["model"] == "pghistory.context":
            metadata = row["fields"].get("metadata") or {}
            if isinstance(metadata.get("user"), int):
                metadata["user"] = mapping.get(metadata["user"], metadata["user"])


def restore(document: dict) -> dict[str, int]:
    """Restore a backup into an empty database, as it was; return the rows restored by model.

    Raise RestoreRefused, writing nothing, when the file is not a backup or the database already holds a record.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RestoreRefused(NOT_A_BACKUP)
    if document.get("version", 0) > VERSION:
        raise RestoreRefused(NEWER_VERSION.format(document.get("version")))
    present = existing_rows()
    if present:
        raise RestoreRefused(NOT_EMPTY.format(", ".join(f"{count} {label}" for label, count in present.items())))
    rows = document["objects"]
    restored: dict[str, int] = {}
    record = record_models()
    # No trigger runs: the history rows come from the backup, and must not be written again by the inserts.
    with transaction.atomic(), pgtrigger.ignore(), ledger.restoring():
        _remap_users(rows, _restore_users(document.get("users", [])))
        for item in serializers.deserialize("python", rows):
            item.save()
            label = item.object._meta.label
            restored[label] = restored.get(label, 0) + 1
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [*record, get_user_model()]):
                cursor.execute(statement)
        # Foreign keys are checked at commit; check them now, so a broken backup fails with its table named.
        connection.check_constraints()
        figures.rebuild()
    return restored
