"""The record's write lock: one PostgreSQL advisory lock, held until the end of the transaction that takes it.

Appending to the ledger takes it, so that two writers cannot fork the hash chain, and so do the triggers that
keep the figures (claims migration 0008) before they write a figures row. Locks must be taken in one order,
or two writers can deadlock, each holding what the other waits for. The order is: this lock first, then row
locks. So a service that locks a row FOR UPDATE (a claim, a report, a dispute, a user) and then writes what
the figures follow takes this lock before the row lock, with lock_record().
"""

from django.db import connection

RECORD_LOCK_KEY = 0x7472_6163_6B65_72  # "tracker" in ASCII


def lock_record() -> None:
    """Take the record's write lock for the rest of the current transaction (taking it again is harmless)."""
    if not connection.in_atomic_block:
        raise RuntimeError("The record's write lock is taken inside the transaction that changes the record.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECORD_LOCK_KEY])
