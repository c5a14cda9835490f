from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from claims.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each editor who asked for a digest the claims coming due in the next 30 days, the claims overdue "
        "and the open disputes not yet sent to them in this period (a day, or a week for a weekly digest). "
        "Run it daily, e.g. from cron: 15 7 * * * cd /srv/tracker && .venv/bin/python manage.py send_reminders"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site-url",
            default=getattr(settings, "TRACKER_SITE_URL", "http://127.0.0.1:8000"),
            help="The site's address, for the links in the email.",
        )

    def handle(self, *args, site_url: str, **options) -> None:
        sent = send_reminders(timezone.localdate(), site_url.rstrip("/"))
        self.stdout.write(f"Sent {sent['emails']} digest(s) with {sent['items']} item(s).")
