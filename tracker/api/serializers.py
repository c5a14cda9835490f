"""Serializer fields the API reads more strictly than DRF's, and the ModelSerializer that uses them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from tracker.partial_dates import parse_full_date

NOT_A_NUMBER = "Enter a number, not true or false."


class NumberField(serializers.FloatField):
    """DRF's FloatField, refusing true and false, which Python would take for 1 and 0."""

    default_error_messages = {"not_a_number": NOT_A_NUMBER}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("not_a_number")
        return super().to_internal_value(data)


class DateField(serializers.DateField):
    """A date written YYYY-MM-DD; refuses a week (2016-W10) and the other forms DRF takes through fromisoformat."""

    def to_internal_value(self, value):
        if not isinstance(value, str):
            return super().to_internal_value(value)
        try:
            return parse_full_date(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages[0], code=error.code) from error


# DRF's ModelSerializer, whose model date and float fields are the fields above. No docstring: drf-spectacular
# would describe every serializer without one of its own with it.
class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: DateField,
        models.FloatField: NumberField,
    }
