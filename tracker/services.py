"""Helpers every service uses to write one model instance the same way."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

CONFLICT_MESSAGE = "Someone else saved a conflicting record at the same moment; reload and try again."


def validate_and_save(instance: models.Model, *, update_fields: Iterable[str] | None = None) -> models.Model:
    """Run every model and constraint check, then save; a race the checks missed becomes a ValidationError."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(CONFLICT_MESSAGE, code="conflict") from error
    return instance


def apply_changes(instance: models.Model, *, allowed: Iterable[str], data: dict[str, Any]) -> list[str]:
    """Set the allowed fields present in data on instance; return the names that changed."""
    allowed = set(allowed)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}.", code="field_not_editable"
        )
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
