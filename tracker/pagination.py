"""Pagination for lists that can hold a whole record: counting stops at a cap, so a page costs what it shows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows. Past the cap, `capped` is true, and pages stop at the cap.

    Counting every claim a filter matches costs as much as the whole record (all 100,000 claims to show 25);
    counting up to the cap costs at most `cap` index entries. Beyond it, a reader narrows the filters or
    turns the order round.
    """

    cap = 1_000

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    capped = False
