"""The OpenAPI schema: drf-spectacular's, with every error response an operation can give."""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong."}},
    "required": ["detail"],
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": (
        "Errors by field name (non_field_errors for the request as a whole, detail for a body that is not JSON): "
        "a list of messages, or for a list field an object of messages by position."
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            {"type": "string"},
        ]
    },
}
ERROR_DESCRIPTIONS = {
    "400": "Invalid input: the errors by field.",
    "401": "Not authenticated, or the token is invalid: send Authorization: Token <key>.",
    "403": "Authenticated but not allowed: only editors write (a session also needs its CSRF token).",
    "404": "No such record, or a page past the end.",
    "409": "Someone else changed the record since you read it (send back the version you read), or at the same "
    "moment: reload it and try again.",
    "412": "Your copy is out of date: someone changed the record since the ETag you sent. Read it again.",
    "415": "The request body is not JSON.",
    "428": "Name the copy your change starts from: its ETag in If-Match (or, for a claim, its version).",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error responses each operation can really give."""

    def _error_codes(self) -> list[str]:
        codes = ["401"]  # any request carrying a bad token
        has_path_parameters = "{" in self.path
        if self.method in WRITE_METHODS:
            codes += ["400", "403", "409", "415"]
        if self.method in {"PUT", "PATCH"}:
            codes += ["412", "428"]
        elif self._is_list_view():
            if self._get_paginator() is not None:
                codes += ["400", "404"]  # a bad page size; a page past the end
            elif getattr(self.view, "filterset_class", None) is not None:
                codes.append("400")
        if has_path_parameters:
            codes.append("404")
        return codes

    def get_override_parameters(self):
        """Document If-Match on every change: the ETag of the copy the change starts from."""
        parameters = super().get_override_parameters()
        if self.method in {"PUT", "PATCH"}:
            parameters = [
                *parameters,
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="The ETag a read of the record answered with (required unless the body names "
                    "the version it starts from, where the record has one).",
                ),
            ]
        return parameters

    def get_auth(self):
        """Say that reading needs no authentication: every record is public."""
        auth = super().get_auth()
        if self.method in {"GET", "HEAD"} and {} not in auth:
            auth.append({})
        return auth

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            schema = FIELD_ERRORS_SCHEMA if code in {"400", "409"} else DETAIL_SCHEMA
            responses[code] = {
                "description": ERROR_DESCRIPTIONS[code],
                "content": {"application/json": {"schema": schema}},
            }
        return dict(sorted(responses.items()))


# For an operation whose query parameters can be invalid: @extend_schema(responses={200: ..., **INVALID_QUERY}).
INVALID_QUERY = {400: OpenApiResponse(response=FIELD_ERRORS_SCHEMA, description=ERROR_DESCRIPTIONS["400"])}


def allow_empty_query_values(result, generator, request, public):
    """Say that an empty query parameter is taken as not given (?status= lists every status), as on the pages."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
