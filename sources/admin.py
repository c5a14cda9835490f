from django.contrib import admin

from sources.models import Report, Source
from sources.services import report_save, source_merge, source_save
from tracker.admin import KeysOnlyAutocompleteMixin, MergeActionMixin


@admin.register(Source)
class SourceAdmin(MergeActionMixin, admin.ModelAdmin):
    merge_service = staticmethod(source_merge)
    list_display = ["name", "kind", "reliability", "country", "language"]
    list_filter = ["kind", "reliability", "country"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change) -> None:
        source_save(source=obj)


@admin.register(Report)
class ReportAdmin(KeysOnlyAutocompleteMixin, admin.ModelAdmin):
    list_display = ["title", "source", "published_display", "credibility", "repeats"]
    list_filter = ["source__kind", "source", "credibility", "published_precision"]
    list_select_related = ["source", "repeats__source"]
    search_fields = ["title", "summary", "excerpt", "url", "source__name"]
    autocomplete_fields = ["source", "repeats"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        report_save(report=obj)

    @admin.display(description="Published", ordering="published_on")
    def published_display(self, report: Report) -> str:
        return report.published_display
