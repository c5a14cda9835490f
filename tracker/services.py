"""Helpers every service uses to write one model instance the same way, and to read the codes of a refusal."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from tracker.locks import lock_record

CONFLICT_MESSAGE = "Someone else saved a conflicting record at the same moment; reload and try again."


def validate_and_save(
    instance: models.Model, *, update_fields: Iterable[str] | None = None, force: bool = False
) -> models.Model:
    """Run every model and constraint check, then save; a race the checks missed becomes a ValidationError.

    A record whose stored row already holds every value, once checked and normalised (a form saved unchanged),
    is not saved at all unless force is given: no version raised, no history, no ledger entry, no new token.

    When another writer commits a conflicting row between the checks and the save, the database refuses the
    save. The checks are then run again: they now see the other row, so the refusal is the one the editor
    would have had a moment later (a duplicate link is "duplicate_evidence", on its field), not a bare error.
    Only a refusal the checks cannot explain is "conflict".
    """
    normalise_line_breaks(instance)
    instance.full_clean()
    if not force and _holds_stored_values(instance):
        return instance
    try:
        with transaction.atomic():
            lock_record()  # before the row's lock: the save appends to the ledger, which takes this lock
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        instance.full_clean()
        raise ValidationError(CONFLICT_MESSAGE, code="conflict") from error
    return instance


# Fields a save sets by itself: they change only when something else does.
BOOKKEEPING_FIELDS = ("version",)


def _holds_stored_values(instance: models.Model) -> bool:
    """Return True when the instance is already stored with every value it has; then put back its bookkeeping."""
    if instance._state.adding or instance.pk is None:
        return False
    fields = [field for field in instance._meta.concrete_fields if not field.generated and not field.primary_key]
    automatic = {
        field.attname for field in fields if field.attname in BOOKKEEPING_FIELDS or getattr(field, "auto_now", False)
    }
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*(field.attname for field in fields)).first()
    if stored is None or any(
        stored[field.attname] != getattr(instance, field.attname) for field in fields if field.attname not in automatic
    ):
        return False
    for name in automatic:
        setattr(instance, name, stored[name])
    return True


def normalise_line_breaks(instance: models.Model) -> None:
    """Store every text with \n line breaks: a browser sends a textarea's as \r\n, a spreadsheet's CSV may too.

    Otherwise a quote saved unchanged from its edit page would differ from the recorded one, and the history and
    the ledger would show a change nobody made.
    """
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.generated:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and "\r" in value:
                setattr(instance, field.attname, value.replace("\r\n", "\n").replace("\r", "\n"))


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
