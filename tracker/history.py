"""Every change to the record is kept: database triggers (django-pghistory) copy each row into an event table.

Triggers, not signals, so that no code path can skip them: bulk updates, imports, the admin, a shell.
"""

import pghistory


def tracked(**options):
    """Return the decorator that keeps a model's inserts, updates and deletes in its event table."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options)
