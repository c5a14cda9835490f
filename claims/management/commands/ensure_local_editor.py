from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.roles import ensure_editors_group


class Command(BaseCommand):
    help = "Make sure the local editor account exists (local settings only) and say how to sign in."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        account = getattr(settings, "LOCAL_EDITOR_ACCOUNT", None)
        if not account:
            raise CommandError("These settings define no local editor account (production never has one).")
        user, created = get_user_model().objects.get_or_create(username=account["username"])
        user.set_password(account["password"])
        user.is_staff = True  # lets the editor use the admin until the editing pages arrive
        user.save()
        user.groups.add(ensure_editors_group())
        verb = "Created" if created else "Kept"
        self.stdout.write(
            f"{verb} the local editor account. Sign in at http://127.0.0.1:8000/accounts/login/ as "
            f"{account['username']!r} with password {account['password']!r}."
        )
