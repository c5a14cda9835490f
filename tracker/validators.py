"""Validators shared by both apps."""

from django.core.validators import URLValidator
from django.db import models

HTTP_URL_MESSAGE = "Enter a web address starting with http:// or https://."

http_url_validator = URLValidator(schemes=["http", "https"], message=HTTP_URL_MESSAGE, code="invalid_url")


def http_url_constraint(field: str, name: str) -> models.CheckConstraint:
    """Return a constraint that the field is empty or an http(s) address."""
    return models.CheckConstraint(
        condition=models.Q(**{field: ""}) | models.Q(**{f"{field}__regex": r"^https?://"}),
        name=name,
        violation_error_code="invalid_url",
        violation_error_message=HTTP_URL_MESSAGE,
    )
