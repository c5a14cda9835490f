"""The editors group: who may add and change the record."""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "editors"

# Editors add and change everything in the record; nobody deletes claims or resolutions (claims are
# retracted), and deleting a source or report is refused while anything points to it.
EDITOR_PERMISSIONS = {
    "sources": {"source": ("add", "change", "delete", "view"), "report": ("add", "change", "delete", "view")},
    "claims": {
        "commentator": ("add", "change", "view"),
        "topic": ("add", "change", "view"),
        "claim": ("add", "change", "view"),
        "evidence": ("add", "change", "delete", "view"),
        "resolution": ("add", "view"),
        "walkback": ("add", "view"),
        "reply": ("add", "view"),
        "dispute": ("change", "view"),
    },
}


def ensure_editors_group(**kwargs) -> Group:
    """Create the editors group if needed and give it exactly the editor permissions."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in EDITOR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = [
        permission
        for permission in Permission.objects.filter(content_type__app_label__in=EDITOR_PERMISSIONS).select_related(
            "content_type"
        )
        if (permission.content_type.app_label, permission.codename) in codenames
    ]
    group.permissions.set(permissions)
    return group
