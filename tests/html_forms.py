"""Read the forms of a page as a browser does, to submit one back as a browser would.

A browser submits what the page shows, not what the server meant: a date input whose value is not yyyy-mm-dd
is shown empty and submitted empty, an unchecked box is not sent, a select sends its selected option or else
its first. Tests that save a form unchanged go through this, so that they see what an editor's browser sends.
"""

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
# What a browser keeps of a typed value, by input type (the HTML standard's value sanitisation algorithms).
TEXT_TYPES = {"text", "search", "tel", "password", "hidden", "email", "url", "number", "date", "month", "time"}


def browser_value(input_type: str, value: str) -> str:
    """Return the value a browser keeps for an input of this type given this value attribute."""
    if input_type == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return ""
        return value if ISO_DATE.match(value) else ""
    if input_type == "month":
        return value if ISO_MONTH.match(value) else ""
    if input_type == "number":
        try:
            float(value)
        except ValueError:
            return ""
        return value
    if input_type in {"text", "search", "tel", "password", "email", "url"}:
        value = value.replace("\r", "").replace("\n", "")
        return value.strip() if input_type in {"email", "url"} else value
    return value


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    submit_names: list[tuple[str, str]] = field(default_factory=list)
    date_inputs: list[tuple[str, str]] = field(default_factory=list)  # (name, value attribute as served)

    def data(self) -> dict[str, list[str]]:
        """Return what the browser submits, with the first named submit button pressed (if it has a name)."""
        submitted: dict[str, list[str]] = {}
        for name, value in self.fields + self.submit_names[:1]:
            submitted.setdefault(name, []).append(value)
        return submitted


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_value: str | None = None
        self._option_text: list[str] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = Form(action=attributes.get("action", ""), method=attributes.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            value = attributes.get("value", "")
            if kind == "date" and name:
                self._form.date_inputs.append((name, value))
            if not name:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self._form.fields.append((name, value or "on"))
            elif kind == "submit":
                self._form.submit_names.append((name, value))
            elif kind in TEXT_TYPES:
                self._form.fields.append((name, browser_value(kind, value)))
        elif tag == "button" and name and attributes.get("type", "submit") == "submit":
            self._form.submit_names.append((name, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attributes), []
        elif tag == "option" and self._select is not None:
            self._option_value = attributes.get("value")
            self._option_text = []
            self._options.append(("", "selected" in attributes))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option_value is None and self._select is not None and self._options:
            self._option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._text)
            # The HTML parser drops one newline right after <textarea>; browsers send CRLF line ends.
            text = text.removeprefix("\n").replace("\r\n", "\n").replace("\n", "\r\n")
            self._form.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "option" and self._select is not None and self._options:
            value = self._option_value if self._option_value is not None else "".join(self._option_text).strip()
            self._options[-1] = (value, self._options[-1][1])
            self._option_value = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form.fields.extend((name, value) for value in (chosen if multiple else chosen[-1:]))
            self._select = None


def forms_in(html: str) -> list[Form]:
    """Return every form on the page, each with what a browser would submit from it unchanged."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_form(html: str) -> Form:
    """Return the page's one form that posts (the editing form), failing when there is none or several."""
    posting = [form for form in forms_in(html) if form.method == "post" and "csrfmiddlewaretoken" in form.data()]
    assert len(posting) >= 1, "the page has no form that posts"
    return posting[0] if len(posting) == 1 else max(posting, key=lambda form: len(form.fields))
