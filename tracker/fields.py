"""Model fields both apps use."""

from django.core.validators import MaxLengthValidator
from django.db import migrations, models


class BoundedTextField(models.TextField):
    """Text of at most max_length characters, held by the model's validation, the forms, the API and the database.

    A TextField's max_length alone only sizes a form's input: a megabyte statement would be saved, copied into
    the ledger and shown. This one refuses it everywhere, with the code "max_length". The database's check is a
    migration's (char_length(column) <= max_length, named <table>_<column>_length); a test finds any missing.
    """

    def __init__(self, *args, max_length: int, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


def length_checks(limits: list[tuple[str, str, int]]) -> list[migrations.RunSQL]:
    """Return the migration operations that add (and, reversed, drop) the database's check of each length.

    limits: (table, column, max_length) for each BoundedTextField; the check is named <table>_<column>_length.
    """
    return [
        migrations.RunSQL(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_{column}_length" '
            f'CHECK (char_length("{column}") <= {limit})',
            f'ALTER TABLE "{table}" DROP CONSTRAINT "{table}_{column}_length"',
        )
        for table, column, limit in limits
    ]
