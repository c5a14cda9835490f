"""Keeping the record honest: the history of every change, the ledger, backups."""
