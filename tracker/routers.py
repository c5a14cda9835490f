"""Send reads to a PostgreSQL read replica when it is safe to, and everything else to the primary.

A replica lags the primary by a moment, so a reader must never be shown the record as it was before their own
write. The rule is therefore narrow: reads go to a replica only inside a request that is a read (GET, HEAD,
OPTIONS), that has written nothing so far and whose browser carries no pin cookie from a recent write (see
tracker.middleware.ReplicaMiddleware). Everything else reads from the primary: writes and the reads after
them, transactions, management commands, the shell, cron jobs.

A request reads from one replica throughout, chosen at random when it starts: replicas lag by different
amounts, and a page that read a figure's version token from one must not compute the figure on another that
is further behind (it would cache an old figure under the new token).
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class RequestReads:
    """What the current request may read from: its replica (None: the primary only), until it writes."""

    replica: str | None
    wrote: bool = False


# None outside a request, so that commands and the shell read from the primary.
current_request: ContextVar[RequestReads | None] = ContextVar("tracker_request_reads", default=None)


def replica_aliases() -> list[str]:
    """Return the aliases of the configured read replicas (none unless DATABASE_REPLICA_URLS is set)."""
    return list(getattr(settings, "DATABASE_REPLICAS", []))


class ReplicaRouter:
    """Route a request's reads to its replica when it allows them; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        """Return the request's replica for a read that may be served stale by a moment, else the primary."""
        if not replica_aliases():
            return None
        reads = current_request.get()
        if reads is None or reads.replica is None or reads.wrote:
            return DEFAULT_DB_ALIAS
        # A read inside a transaction on the primary belongs to that transaction.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return reads.replica

    def db_for_write(self, model, **hints):
        """Return the primary, and keep the rest of this request (and the pin cookie's life) on it."""
        reads = current_request.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        """Allow any relation: every alias holds the same record."""
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Migrate the primary only; the replicas follow it by streaming replication."""
        return db == DEFAULT_DB_ALIAS
