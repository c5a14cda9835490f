"""Commentators' pages: the list, each scorecard, the leaderboard, and their JSON."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from django.views.generic import ListView, TemplateView

from claims import selectors
from claims.forms import (
    ScoreFilterForm,
)
from claims.models import Commentator, MergeRecord
from claims.scoring import charts, scorecards


class CommentatorListView(ListView):
    template_name = "claims/commentator_list.html"
    context_object_name = "commentators"
    paginate_by = 50

    def get_queryset(self):
        return selectors.commentator_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commentators"] = selectors.with_status_counts(list(context["commentators"]))
        return context


class CommentatorDetailView(TemplateView):
    template_name = "claims/commentator_detail.html"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        self.commentator = Commentator.objects.filter(slug=slug).first()
        if self.commentator is None:
            merge = MergeRecord.objects.filter(kind=MergeRecord.Kind.COMMENTATOR, removed_slug=slug).first()
            kept = Commentator.objects.filter(pk=merge.kept_id).first() if merge else None
            if kept is not None:
                return redirect(kept, permanent=True)
            raise Http404("No such commentator.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        commentator = self.commentator
        groups = selectors.commentator_claims(commentator)
        form = ScoreFilterForm(self.request.GET or None)
        card = scorecards.scorecard(commentator, form.score_filter() if form.is_valid() else scorecards.ScoreFilter())
        points = card.history
        return {
            **super().get_context_data(**kwargs),
            "commentator": commentator,
            "groups": groups,
            "card": card,
            "history": points,
            "history_step": card.history_step,
            "filter_form": form,
            "calibration_chart": charts.calibration_chart(card.calibration),
            "hit_rate_chart": charts.line_chart(
                [(point.date, point.hit_rate) for point in points], y_range=(0.0, 1.0), y_format="{:.0%}"
            ),
            "brier_chart": charts.line_chart(
                [(point.date, point.brier) for point in points if point.brier is not None],
                y_range=(0.0, 1.0),
                y_format="{:.2f}",
            ),
        }


@require_GET
def scorecard_json(request, slug: str) -> JsonResponse:
    """Return a commentator's figures as JSON (?topic=&from=&to= narrow them)."""
    commentator = Commentator.objects.filter(slug=slug).first()
    if commentator is None:
        return JsonResponse({"error": "No such commentator."}, status=404)
    form = ScoreFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse(scorecards.scorecard(commentator, form.score_filter(), detail=False).as_json())


class LeaderboardView(TemplateView):
    template_name = "claims/leaderboard.html"

    def get_context_data(self, **kwargs):
        form = ScoreFilterForm(self.request.GET or None)
        filters = form.score_filter() if form.is_valid() else scorecards.ScoreFilter()
        page, rows = scorecards.leaderboard_page(filters, self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "rows": rows, "page_obj": page, "filter_form": form}


@require_GET
def leaderboard_json(request) -> JsonResponse:
    """Return a page of leaderboard rows (?page=), in order, with the scorecard figures of each."""
    form = ScoreFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse(scorecards.leaderboard_json(form.score_filter(), request.GET.get("page")))
