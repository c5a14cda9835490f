"""Reads of the record's history, kept by the database triggers of django-pghistory."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from pghistory.models import Events

from claims.models import Claim

# Fields every event carries that say nothing an editor needs to read.
HIDDEN_FIELDS = {
    "id", "pgh_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "pgh_context_id", "updated_at", "version",
    "claim_id", "created_at", "added_at", "search_vector",
}  # fmt: skip
# Within one transaction every event has the same time; show them in the order the record is built.
MODEL_ORDER = {"Claim": 0, "ClaimTopic": 1, "Evidence": 2, "Resolution": 3, "Walkback": 4}


@dataclass
class Change:
    field: str
    before: Any
    after: Any


@dataclass
class HistoryEvent:
    at: Any
    what: str
    action: str
    who: str
    changes: list[Change]
    data: dict


def _who(context: dict | None, usernames: dict[int, str]) -> str:
    if not context:
        return "the database directly (no application context)"
    if context.get("user"):
        return usernames.get(int(context["user"]), f"user {context['user']}")
    if context.get("command"):
        return f"the command {context['command']}"
    if context.get("url"):
        return f"an anonymous request to {context['url']}"
    return "unknown"


def _model(event) -> str:
    return event.pgh_model.split(".")[-1].removesuffix("Event")


def claim_events(claim: Claim) -> list[HistoryEvent]:
    """Return every change to a claim, its resolutions, evidence, walk-backs and topics, oldest first."""
    events = sorted(
        Events.objects.references(claim),
        key=lambda event: (event.pgh_created_at, MODEL_ORDER.get(_model(event), 9), event.pgh_id),
    )
    user_ids = {int(event.pgh_context["user"]) for event in events if (event.pgh_context or {}).get("user")}
    usernames = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    history = []
    for event in events:
        model = _model(event)
        label = event.pgh_label
        diff = event.pgh_diff or {}
        if label == "update":
            changes = [
                Change(field.removesuffix("_id"), before, after)
                for field, (before, after) in diff.items()
                if field not in HIDDEN_FIELDS
            ]
            if not changes:
                continue  # only bookkeeping fields moved
        else:
            changes = [
                Change(field.removesuffix("_id"), None, value) if label == "insert" else Change(field, value, None)
                for field, value in (event.pgh_data or {}).items()
                if field not in HIDDEN_FIELDS and value not in ("", None)
            ]
        history.append(
            HistoryEvent(
                at=event.pgh_created_at,
                what={"ClaimTopic": "Topic", "Claim": "Claim"}.get(model, model),
                action={"insert": "added", "update": "changed", "delete": "removed"}.get(label, label),
                who=_who(event.pgh_context, usernames),
                changes=changes,
                data=event.pgh_data or {},
            )
        )
    return history
