"""Signals of the record that any app may send without knowing who listens."""

from django.dispatch import Signal

# Sent after rows of a model were written without the model's save (COPY, QuerySet.update), inside the writing
# transaction, with sender=the model and ids=the rows' numbers: the ledger records them (claims.record.ledger).
rows_written = Signal()
