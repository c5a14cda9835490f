"""Form fields and helpers both apps use."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator

from tracker.partial_dates import INVALID_PARTIAL_DATE, iso_partial_date, parse_partial_date


class ParsedTextField(forms.CharField):
    """A text input whose cleaned value is not text: the length limit applies to what was typed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def text(self, value) -> str:
        """Return the typed text, stripped, refusing text longer than the field allows."""
        text = (super().to_python(value) or "").strip()
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                f"Enter at most {self.max_length} characters (it has {len(text)}).", code="max_length"
            )
        return text


PROBABILITY_MESSAGE = "Enter a probability from 0 to 1 (0.7) or a percentage from 0% to 100% (70%)."


class PartialDateField(ParsedTextField):
    """A date typed as precisely as it is known: 2016-03-15, 2016-03, 3/2016 or 2016.

    Cleans to a (first day of the period, precision) pair.
    """

    default_error_messages = {"invalid_date": INVALID_PARTIAL_DATE}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "As precisely as known: 2016-03-15, 2016-03 (a month) or 2016 (a year).")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "2016-03")

    def prepare_value(self, value):
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], datetime.date):
            return iso_partial_date(*value)
        return value

    def to_python(self, value):
        text = self.text(value)
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except ValidationError as error:
            raise ValidationError(error.messages[0], code="invalid_date") from error


class ProbabilityField(ParsedTextField):
    """A probability typed as 0.7 or 70%; cleans to a float in [0, 1]."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("help_text", "The commentator's own figure: 0.7 or 70%. Leave empty if they gave none.")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        return "" if value is None else value

    def to_python(self, value):
        text = self.text(value)
        if not text:
            return None
        percent = text.endswith("%")
        try:
            number = Decimal(text.rstrip("%").strip())
        except InvalidOperation as error:
            raise ValidationError(PROBABILITY_MESSAGE, code="invalid_probability") from error
        if percent:
            number /= 100
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(1):
            raise ValidationError(PROBABILITY_MESSAGE, code="probability_out_of_range")
        return float(number)


class ErrorsNextToFieldsMixin:
    """Put every error, the model's and the services' included, next to the field it is about.

    Errors keyed by a model field the form shows under another name go to that field (`field_aliases`);
    errors the model raises for the whole record go to the field their code names (`code_fields`).
    """

    field_aliases: dict[str, str] = {}
    code_fields: dict[str, str] = {}

    def add_error(self, field, error) -> None:
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        if field is not None:
            super().add_error(field, error)
            return
        items = error.error_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.error_list)]
        for name, errors in items:
            for item in errors:
                super().add_error(self._field_for(name, item), item)

    def _field_for(self, name: str, error: ValidationError) -> str | None:
        name = self.field_aliases.get(name, name)
        if name == NON_FIELD_ERRORS:
            name = self.code_fields.get(error.code, NON_FIELD_ERRORS)
        return name if name in self.fields else None
