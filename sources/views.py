"""Pages for sources and reports: anyone reads them; editors add and change them through the services."""

import copy
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from sources import selectors, services
from sources.forms import ReportForm, SourceForm
from sources.models import Report, Source
from sources.panels import source_panels
from tracker.pagination import CappedPaginator

SOURCES_PER_PAGE = 50
REPORTS_PER_PAGE = 25


class SourceListView(ListView):
    """List every source with its grade and number of reports."""

    template_name = "sources/source_list.html"
    context_object_name = "sources"
    paginate_by = SOURCES_PER_PAGE

    def get_queryset(self):
        return selectors.source_list()


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a source and its reports, newest first."""
    try:
        source = selectors.source_detail(slug=slug)
    except Source.DoesNotExist as missing:
        raise Http404("No such source.") from missing
    reports = CappedPaginator(selectors.source_reports(source=source), REPORTS_PER_PAGE)
    page_obj = reports.get_page(request.GET.get("page"))
    context = {"source": source, "page_obj": page_obj, "panels": source_panels(source)}
    return render(request, "sources/source_detail.html", context)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a report, the report it repeats, the reports that repeat it and the claims it bears on."""
    try:
        report = selectors.report_detail(pk=pk)
    except Report.DoesNotExist as missing:
        raise Http404("No such report.") from missing
    return render(request, "sources/report_detail.html", {"report": report})


class SaveThroughServiceMixin:
    """Save a valid form with a service inside one transaction; the service's refusals become form errors."""

    def save(self, instance):
        raise NotImplementedError

    def success_message(self) -> str:
        raise NotImplementedError

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        if kwargs.get("instance") is not None:
            # The form changes its own copy, so the page's heading and links keep showing the saved record.
            kwargs["instance"] = copy.copy(kwargs["instance"])
        return kwargs

    def form_valid(self, form) -> HttpResponse:
        try:
            with transaction.atomic():
                saved = self.save(form.instance)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.object = saved
        messages.success(self.request, self.success_message())
        return HttpResponseRedirect(self.get_success_url())


class SourceFormView(SaveThroughServiceMixin):
    model = Source
    form_class = SourceForm
    template_name = "sources/source_form.html"
    context_object_name = "source"

    def save(self, instance: Source) -> Source:
        return services.source_save(source=instance)

    def success_message(self) -> str:
        return f"Saved the source {self.object.name}."

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class SourceCreateView(PermissionRequiredMixin, SourceFormView, CreateView):
    """Add a source."""

    permission_required = "sources.add_source"


class SourceUpdateView(PermissionRequiredMixin, SourceFormView, UpdateView):
    """Change a source."""

    permission_required = "sources.change_source"


class ReportFormView(SaveThroughServiceMixin):
    model = Report
    form_class = ReportForm
    template_name = "sources/report_form.html"
    context_object_name = "report"

    def save(self, instance: Report) -> Report:
        return services.report_save(report=instance)

    def success_message(self) -> str:
        return f"Saved report {self.object.pk}: {self.object.title}."

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class ReportCreateView(PermissionRequiredMixin, ReportFormView, CreateView):
    """Add a report; ?source=<slug> picks its source in advance."""

    permission_required = "sources.add_report"

    def get_initial(self) -> dict:
        initial = super().get_initial()
        slug = self.request.GET.get("source")
        if slug:
            source = Source.objects.filter(slug=slug).only("pk").first()
            if source is not None:
                initial["source"] = source.pk
        return initial


class ReportUpdateView(PermissionRequiredMixin, ReportFormView, UpdateView):
    """Change a report."""

    permission_required = "sources.change_report"

    def get_queryset(self):
        return Report.objects.select_related("source")


DELETE_REFUSED = "The {kind} “{record}” cannot be deleted: it is cited by {references}."
NAMED_REFERENCES = 5  # records named in a refusal, of each kind; the rest are counted


class DeleteThroughServiceView(PermissionRequiredMixin, TemplateView):
    """Confirm, then delete through a service that refuses while anything points to the record.

    A reference the service does not name is still refused by the database's protection (PROTECT, RESTRICT), and
    named here: the refusal is a message on the record's page, whatever points to it.
    """

    template_name = "sources/confirm_delete.html"
    http_method_names = ["get", "head", "post"]  # a form's page: DELETE and the rest are answered 405

    def get_object(self):
        raise NotImplementedError

    def delete_object(self, obj) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.get_object()}

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.delete_object(obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        except (ProtectedError, RestrictedError) as error:
            messages.error(request, delete_refused(obj, error))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, f"Deleted {obj}.")
        return HttpResponseRedirect(reverse("sources:source_list"))


def delete_refused(obj, error: ProtectedError | RestrictedError) -> str:
    """Return the refusal of a deletion the database's protection stopped, naming the records in the way."""
    blocking = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    by_model = defaultdict(list)
    for record in sorted(blocking, key=lambda record: (record._meta.label, record.pk)):
        by_model[record._meta].append(record)
    parts = []
    for meta, records in by_model.items():
        name = meta.verbose_name if len(records) == 1 else meta.verbose_name_plural
        shown = "; ".join(str(record) for record in records[:NAMED_REFERENCES])
        more = f"; and {len(records) - NAMED_REFERENCES} more" if len(records) > NAMED_REFERENCES else ""
        parts.append(f"{len(records)} {name} ({shown}{more})")
    return DELETE_REFUSED.format(kind=obj._meta.verbose_name, record=obj, references=" and ".join(parts))


class ReportDeleteView(DeleteThroughServiceView):
    permission_required = "sources.delete_report"

    def get_object(self) -> Report:
        report = Report.objects.select_related("source").filter(pk=self.kwargs["pk"]).first()
        if report is None:
            raise Http404("No such report.")
        return report

    def delete_object(self, obj: Report) -> None:
        services.report_delete(report=obj)


class SourceDeleteView(DeleteThroughServiceView):
    permission_required = "sources.delete_source"

    def get_object(self) -> Source:
        source = Source.objects.filter(slug=self.kwargs["slug"]).first()
        if source is None:
            raise Http404("No such source.")
        return source

    def delete_object(self, obj: Source) -> None:
        services.source_delete(source=obj)
