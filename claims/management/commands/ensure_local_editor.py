import os
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.runserver import naiveip_re
from django.db import transaction
from django.urls import reverse

from claims.roles import ensure_editors_group

# scripts/run serves at TRACKER_ADDRESS, in runserver's forms, or at this.
DEFAULT_ADDRESS = "127.0.0.1:8000"
# A server listening on every interface is reached from this machine's browser at the loopback address.
LOOPBACK = {"0": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}


def site_url(address: str) -> str:
    """Return the URL of the site runserver serves at address: "9000", ":9000", "0.0.0.0:9000", "127.0.0.1:8001"."""
    match = re.match(naiveip_re, address.removeprefix(":"))
    if match is None:
        raise CommandError(
            f"TRACKER_ADDRESS={address!r} is neither a port nor host:port (for example 9000 or 127.0.0.1:8001)."
        )
    host = match["addr"] or "127.0.0.1"
    return f"http://{LOOPBACK.get(host, host)}:{match['port']}"


class Command(BaseCommand):
    help = "Make sure the local editor account exists (local settings only) and say how to sign in."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        account = getattr(settings, "LOCAL_EDITOR_ACCOUNT", None)
        if not account:
            raise CommandError("These settings define no local editor account (production never has one).")
        sign_in = site_url(os.environ.get("TRACKER_ADDRESS") or DEFAULT_ADDRESS) + reverse("login")
        user, created = get_user_model().objects.get_or_create(username=account["username"])
        user.set_password(account["password"])
        user.is_staff = True  # lets the editor use the admin until the editing pages arrive
        user.save()
        user.groups.add(ensure_editors_group())
        verb = "Created" if created else "Kept"
        self.stdout.write(
            f"{verb} the local editor account. Sign in at {sign_in} as "
            f"{account['username']!r} with password {account['password']!r}."
        )
