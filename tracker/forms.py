"""Form fields and helpers both apps use."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


class DateInput(forms.DateInput):
    """A browser's date picker, whose value is always yyyy-mm-dd.

    A browser takes no other value for <input type="date">: it shows the site's en-GB 31/12/2019 as empty and
    submits it empty, so saving a form unchanged would erase the date. Every date picker in the project is this.
    """

    input_type = "date"
    value_format = "%Y-%m-%d"

    def __init__(self, attrs=None, format=None) -> None:
        super().__init__(attrs, format=format or self.value_format)


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


# --- Widgets rendered without templates -----------------------------------------------------------------

# Django's widget templates that only include input.html, and select.html: rendered here the same way.
INPUT_TEMPLATES = {
    f"django/forms/widgets/{kind}.html" for kind in ("text", "date", "number", "email", "url", "search", "hidden")
}
SELECT_TEMPLATES = {"django/forms/widgets/select.html"}


class DirectRenderMixin:
    """Render a text-like input or a select in Python, to the HTML Django's widget templates give.

    A select is one template for itself and one for each option: the claim list's filter form (a topic select
    of 40 options and five smaller ones) took about 20 ms to render, on a page whose queries take 5.
    tests/tracker/test_forms.py checks the HTML is the same as the templates'.
    """

    def render(self, name, value, attrs=None, renderer=None):
        template = self.template_name
        if template not in INPUT_TEMPLATES | SELECT_TEMPLATES:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        if template in INPUT_TEMPLATES:
            shown = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
            return format_html('<input type="{}" name="{}"{}{}>', widget["type"], name, shown, _attrs(widget["attrs"]))
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            rendered = format_html_join(
                "", '\n  <option value="{}"{}>{}</option>\n',
                ((str(option["value"]), _attrs(option["attrs"]), option["label"]) for option in options),
            )  # fmt: skip
            groups.append(
                format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, _attrs(widget["attrs"]), mark_safe("".join(groups))
        )


def _attrs(attrs: dict) -> str:
    """Render attributes as django/forms/widgets/attrs.html does: in order, True as a bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        ((format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
         for name, value in attrs.items() if value is not False),
    )  # fmt: skip


def render_directly(form: forms.Form) -> forms.Form:
    """Give each of the form's widgets the direct rendering of DirectRenderMixin (same HTML, no templates)."""
    for field in form.fields.values():
        widget_class = type(field.widget)
        if not issubclass(widget_class, DirectRenderMixin):
            field.widget.__class__ = _direct_class(widget_class)
    return form


_DIRECT_CLASSES: dict[type, type] = {}


def _direct_class(widget_class: type) -> type:
    if widget_class not in _DIRECT_CLASSES:
        _DIRECT_CLASSES[widget_class] = type(widget_class.__name__, (DirectRenderMixin, widget_class), {})
    return _DIRECT_CLASSES[widget_class]
