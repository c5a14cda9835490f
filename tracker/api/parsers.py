"""The API's JSON parser: DRF's, refusing with a 400 what no record can hold and what would exhaust the stack."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No request of the API nests deeper than 3 (a list of ids in an object); this leaves room and stays far below
# Python's recursion limit, which a deeply nested body would otherwise exhaust in the parser or after it.
MAX_JSON_DEPTH = 32
JSON_TOO_DEEP = f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels; no request of this API needs more than 3."
JSON_NUL = "The JSON holds a NUL character (\\u0000), which no record can hold."


class JSONParser(parsers.JSONParser):
    """Parse a JSON body as DRF does; refuse nesting deeper than MAX_JSON_DEPTH and NUL characters (400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(JSON_TOO_DEEP, code="json_too_deep") from error
        check_parsed(data)
        return data


def check_parsed(data) -> None:
    """Raise ParseError if parsed JSON nests deeper than MAX_JSON_DEPTH or holds a NUL in a key or a string."""
    pending = [(data, 1)]  # a loop, not recursion: the check must not need the stack it protects
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise ParseError(JSON_NUL, code="json_nul")
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise ParseError(JSON_TOO_DEEP, code="json_too_deep")
        if isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        else:
            pending.extend((item, depth + 1) for item in value)
