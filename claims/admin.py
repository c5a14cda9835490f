from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from claims.models import (
    Claim,
    Commentator,
    Evidence,
    LedgerEntry,
    LedgerVerification,
    MergeRecord,
    Resolution,
    Topic,
    Walkback,
)
from claims.services import (
    CITED_EVIDENCE_FIXED,
    EVIDENCE_NOT_MOVED,
    claim_resolve,
    claim_save,
    commentator_merge,
    commentator_save,
    evidence_cited,
    evidence_remove,
    evidence_save,
    resolution_check,
    topic_save,
)
from tracker.admin import KeysOnlyAutocompleteMixin, MergeActionMixin


@admin.register(Commentator)
class CommentatorAdmin(MergeActionMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "affiliation"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "affiliation", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    merge_service = staticmethod(commentator_merge)

    def save_model(self, request, obj, form, change) -> None:
        commentator_save(commentator=obj)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change) -> None:
        topic_save(topic=obj)


class EvidenceInlineFormSet(forms.BaseInlineFormSet):
    """Refuse on the claim's admin page what the services refuse: moving a link, changing or removing cited evidence."""

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if form.instance.pk is None or (not form.has_changed() and not self._should_delete_form(form)):
                continue
            if "report" in form.changed_data:
                form.add_error("report", ValidationError(EVIDENCE_NOT_MOVED, code="evidence_not_moved"))
            elif (self._should_delete_form(form) or "stance" in form.changed_data) and evidence_cited(form.instance):
                raise ValidationError(CITED_EVIDENCE_FIXED, code="cited_evidence_fixed")


class EvidenceInline(KeysOnlyAutocompleteMixin, admin.TabularInline):
    model = Evidence
    formset = EvidenceInlineFormSet
    extra = 0
    fields = ["report", "stance", "note"]
    autocomplete_fields = ["report"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report__source")


class ResolutionInline(admin.TabularInline):
    """Resolutions are shown on their claim but never edited: a re-judgement is a new resolution."""

    model = Resolution
    extra = 0
    fields = ["outcome", "resolved_on", "rationale", "resolved_by", "recorded_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(KeysOnlyAutocompleteMixin, admin.ModelAdmin):
    list_display = ["statement_short", "commentator", "made_display", "resolve_by", "outcome"]
    list_filter = ["outcome", "commentator__kind", "topics", "made_precision", "estimative_words"]
    list_select_related = ["commentator"]
    search_fields = ["quote", "statement", "resolution_criteria", "commentator__name"]
    autocomplete_fields = ["commentator", "appeared_in", "topics"]
    readonly_fields = ["outcome", "resolved_on", "forecast_probability", "created_by", "created_at", "updated_at"]
    date_hierarchy = "made_on"
    inlines = [EvidenceInline, ResolutionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # claims are retracted, never deleted

    @admin.display(description="Statement")
    def statement_short(self, claim: Claim) -> str:
        return claim.statement[:100]

    @admin.display(description="Made", ordering="made_on")
    def made_display(self, claim: Claim) -> str:
        return claim.made_display

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        claim_save(claim=obj)  # topics are saved by save_related, as the form's many-to-many data

    def save_formset(self, request, form, formset, change) -> None:
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            evidence_remove(evidence=deleted)
        for instance in instances:
            if isinstance(instance, Evidence):
                if instance.pk is None:
                    instance.added_by = request.user
                evidence_save(evidence=instance)
        formset.save_m2m()


@admin.register(Evidence)
class EvidenceAdmin(KeysOnlyAutocompleteMixin, admin.ModelAdmin):
    list_display = ["claim", "report", "stance"]
    list_filter = ["stance", "report__source"]
    list_select_related = ["claim__commentator", "report__source"]
    search_fields = ["note", "claim__statement", "report__title"]
    autocomplete_fields = ["claim", "report"]
    readonly_fields = ["added_by", "added_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A link is never moved; cited evidence keeps its stance too.
        fixed = ["claim", "report", "stance"] if evidence_cited(obj) else ["claim", "report"]
        return [*fixed, *self.readonly_fields]

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        cited = [f"{item} ({CITED_EVIDENCE_FIXED})" for item in objs if evidence_cited(item)]
        return deleted, counts, perms_needed, [*protected, *cited]

    def delete_model(self, request, obj) -> None:
        evidence_remove(evidence=obj)

    def delete_queryset(self, request, queryset) -> None:
        for item in queryset:
            evidence_remove(evidence=item)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.added_by = request.user
        evidence_save(evidence=obj)


class ResolutionAdminForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["claim", "outcome", "resolved_on", "rationale", "cited_evidence"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        resolution_check(
            claim=data["claim"],
            outcome=data["outcome"],
            resolved_on=data["resolved_on"],
            rationale=data.get("rationale", ""),
            cited_evidence=list(data.get("cited_evidence") or []),
        )
        return data


@admin.register(Resolution)
class ResolutionAdmin(KeysOnlyAutocompleteMixin, admin.ModelAdmin):
    """Adds a resolution through claim_resolve; existing resolutions are read-only."""

    form = ResolutionAdminForm
    list_display = ["claim", "outcome", "resolved_on", "resolved_by", "recorded_at"]
    list_filter = ["outcome"]
    list_select_related = ["claim__commentator", "resolved_by"]
    search_fields = ["rationale", "claim__statement"]
    autocomplete_fields = ["claim"]
    filter_horizontal = ["cited_evidence"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["claim", "outcome", "resolved_on", "rationale", "cited_evidence", "resolved_by", "recorded_at"]
        return []

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "cited_evidence":
            kwargs["queryset"] = Evidence.objects.select_related("report__source", "claim")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        resolution = claim_resolve(
            claim=form.cleaned_data["claim"],
            outcome=form.cleaned_data["outcome"],
            resolved_on=form.cleaned_data["resolved_on"],
            rationale=form.cleaned_data["rationale"],
            cited_evidence=form.cleaned_data["cited_evidence"],
            resolved_by=request.user,
        )
        obj.pk = resolution.pk
        obj.recorded_at = resolution.recorded_at

    def save_related(self, request, form, formsets, change) -> None:
        """The service has already saved the cited evidence."""


@admin.register(Walkback)
class WalkbackAdmin(KeysOnlyAutocompleteMixin, admin.ModelAdmin):
    list_display = ["claim", "said_display", "added_by"]
    list_select_related = ["claim__commentator", "added_by"]
    search_fields = ["text", "claim__statement"]
    autocomplete_fields = ["claim", "report"]
    readonly_fields = ["added_by", "added_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the application appends and nobody edits."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "kind", "claim_id", "entry_hash", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["entry_hash", "content_hash"]


@admin.register(LedgerVerification)
class LedgerVerificationAdmin(ReadOnlyAdmin):
    list_display = ["checked_at", "entries", "ok"]


@admin.register(MergeRecord)
class MergeRecordAdmin(ReadOnlyAdmin):
    list_display = ["kind", "removed_name", "kept_name", "moved", "merged_by", "merged_at"]
    list_filter = ["kind"]
    list_select_related = ["merged_by"]
