"""A service's ValidationError becomes a 400 with field errors, as a form would show them."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def service_error_detail(error: DjangoValidationError) -> dict[str, list]:
    """Return a service's ValidationError as DRF field errors, keeping each message's code."""
    codes = {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            codes[name] = [
                exceptions.ErrorDetail(message, item.code or "invalid") for item in errors for message in item.messages
            ]
    else:
        codes[api_settings.NON_FIELD_ERRORS_KEY] = [
            exceptions.ErrorDetail(message, item.code or "invalid")
            for item in error.error_list
            for message in item.messages
        ]
    return codes


# Refusals that are not the request's fault but a race with another writer: 409, so a client knows to reload.
CONFLICT_CODES = {"stale", "conflict"}


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "Someone else changed this record at the same time; reload it and try again."
    default_code = "conflict"


def exception_handler(exc, context):
    """Answer a service's ValidationError with 400 and its field errors (409 for a conflict); the rest as DRF does."""
    if isinstance(exc, DjangoValidationError):
        detail = service_error_detail(exc)
        codes = {item.code for items in detail.values() for item in items}
        exc = Conflict(detail) if codes <= CONFLICT_CODES else exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    """Answer an unknown address under /api/ in JSON, like every other API error; elsewhere, the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
