"""The reader's pages of claims: home, the claim list, a claim, a topic."""

from django.http import Http404
from django.views.generic import TemplateView
from django_filters.views import FilterView

from claims import selectors
from claims.filters import ClaimFilter
from claims.models import Claim, Topic
from claims.scoring import charts, scorecards
from tracker.pagination import CappedPaginator


class HomeView(TemplateView):
    template_name = "claims/home.html"

    def get_context_data(self, **kwargs):
        top = scorecards.leaderboard_top(5)
        return {**super().get_context_data(**kwargs), **selectors.home(), "leaders": top}


class ClaimListView(FilterView):
    filterset_class = ClaimFilter
    template_name = "claims/claim_list.html"
    context_object_name = "claims"
    paginate_by = 25
    paginator_class = CappedPaginator

    def get_queryset(self):
        return selectors.claim_list()


TIMELINE_SIZE = 100  # evidence items shown on a claim's page before "show all"


class ClaimDetailView(TemplateView):
    template_name = "claims/claim_detail.html"

    def get_context_data(self, **kwargs):
        try:
            claim = selectors.claim_detail(pk=self.kwargs["pk"])
        except Claim.DoesNotExist as missing:
            raise Http404("No such claim.") from missing
        balance, evidence_count = scorecards.claim_balance(claim)
        points, step = charts.by_period(balance.points)
        chart = charts.line_chart(
            points,
            y_format="{:+g}",
            markers=[(claim.resolve_by, "deadline"), (claim.resolved_on, "resolved")],
        )
        show_all = self.request.GET.get("timeline") == "all"
        timeline = selectors.claim_timeline(claim, limit=None if show_all else TIMELINE_SIZE)
        return {
            **super().get_context_data(**kwargs),
            "claim": claim,
            "timeline": timeline,
            "timeline_cut": evidence_count - len(timeline),
            "evidence_count": evidence_count,
            "on_timeline": {item.pk for item in timeline},
            "balance": balance,
            "balance_points": points,
            "balance_step": step,
            "balance_chart": chart,
            "ledger_entry": selectors.claim_ledger_entry(claim),
            "open_disputes": [dispute for dispute in claim.disputes.all() if dispute.status == "open"],
        }


class TopicDetailView(FilterView):
    """A topic's claims: the claim list narrowed to the topic."""

    filterset_class = ClaimFilter
    template_name = "claims/topic_detail.html"
    context_object_name = "claims"
    paginate_by = 25
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        try:
            self.topic = selectors.topic_detail(slug=kwargs["slug"])
        except Topic.DoesNotExist as missing:
            raise Http404("No such topic.") from missing
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.claim_list(Claim.objects.filter(topics=self.topic))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "topic": self.topic}
