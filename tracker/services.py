"""Helpers every service uses to write one model instance the same way, and to read the codes of a refusal."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

CONFLICT_MESSAGE = "Someone else saved a conflicting record at the same moment; reload and try again."


def validate_and_save(instance: models.Model, *, update_fields: Iterable[str] | None = None) -> models.Model:
    """Run every model and constraint check, then save; a race the checks missed becomes a ValidationError.

    When another writer commits a conflicting row between the checks and the save, the database refuses the
    save. The checks are then run again: they now see the other row, so the refusal is the one the editor
    would have had a moment later (a duplicate link is "duplicate_evidence", on its field), not a bare error.
    Only a refusal the checks cannot explain is "conflict".
    """
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        instance.full_clean()
        raise ValidationError(CONFLICT_MESSAGE, code="conflict") from error
    return instance


def refusal_codes(error: ValidationError) -> set[str | None]:
    """Return the code of every message in a ValidationError, whether it is keyed by field or not.

    A ValidationError built from a dict (what full_clean raises) has no `code` of its own: read codes with this.
    """
    if hasattr(error, "error_dict"):
        return {item.code for items in error.error_dict.values() for item in items}
    return {item.code for item in error.error_list}


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
