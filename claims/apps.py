from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, evidence and resolutions"

    def ready(self) -> None:
        import claims.record.ledger  # noqa: F401  (connects the signals that record every covered part)
        from claims.roles import ensure_editors_group
        from claims.scoring.scorecards import source_track_record_panel
        from sources.panels import register_source_panel

        register_source_panel(source_track_record_panel)
        # Permissions exist only after migrate has created them, so the group is set up afterwards.
        post_migrate.connect(ensure_editors_group, sender=self, dispatch_uid="claims.ensure_editors_group")
