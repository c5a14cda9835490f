"""Data in and out on the site: a claim's ClaimReview, the CSV import page for editors, the export download."""

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from claims.models import Claim
from claims.transfer.claimreview import claim_review
from claims.transfer.exporters import bundle_zip
from claims.transfer.importers import KINDS, import_csv

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
TOO_LARGE = "The file is larger than 20 MB; split it, or use the import_csv command."


@require_GET
def claimreview_json(request: HttpRequest, pk: int) -> JsonResponse:
    """Return the schema.org ClaimReview of a resolved claim (404 while it is unresolved)."""
    claim = (
        Claim.objects.select_related("commentator", "appeared_in__source")
        .prefetch_related("resolutions")
        .filter(pk=pk)
        .first()
    )
    review = claim_review(claim, base_url=request.build_absolute_uri("/")) if claim is not None else None
    if review is None:
        raise Http404("No such resolved claim.")
    return JsonResponse(review, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(kind, kind.capitalize()) for kind in KINDS],
        help_text="What each row of the file is; the columns of each kind are in docs/csv-formats.md.",
    )
    file = forms.FileField(help_text="A CSV file in UTF-8 (with or without BOM), first line naming the columns.")
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run", help_text="Check every row and show what would change."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_LARGE, code="too_large")
        return upload


class ImportView(PermissionRequiredMixin, FormView):
    """Import a CSV file through the services, all or nothing, and show the same report as import_csv."""

    permission_required = ("sources.add_source", "sources.add_report", "claims.add_claim", "claims.add_evidence")
    template_name = "data/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = import_csv(
            form.cleaned_data["kind"],
            upload.read(),
            file_name=upload.name,
            dry_run=form.cleaned_data["dry_run"],
            user=self.request.user,
        )
        return self.render_to_response(self.get_context_data(form=form, result=result))


@require_GET
def export_zip(request: HttpRequest) -> HttpResponse:
    """Download the whole public record as a zip of CSV files with a README of the columns."""
    name = f"tracker-export-{timezone.localdate().isoformat()}.zip"
    response = HttpResponse(bundle_zip(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
