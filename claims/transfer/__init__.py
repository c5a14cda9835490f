"""Data in and out: CSV import and export, ClaimReview, the demo record."""
