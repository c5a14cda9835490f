"""The viewset every record of the API uses: reads for everyone, writes through the services."""

import hashlib
import json

from django.db import transaction
from rest_framework import exceptions, mixins, viewsets

from tracker.locks import lock_record

PRECONDITION_REQUIRED = (
    "Say which copy of the record your change starts from: send the ETag of your copy in an If-Match header "
    "(or, for a claim, the version you read in the body). A change that names none could undo someone else's."
)
PRECONDITION_FAILED = (
    "Someone else changed this record after you read it, and your change would undo theirs. Read it again (GET) "
    "and send your change with its new ETag."
)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = PRECONDITION_REQUIRED
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = PRECONDITION_FAILED
    default_code = "stale"


def etag_of(data) -> str:
    """Return the entity tag of a record's representation: it changes whenever anything the API shows of it does."""
    encoded = json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    return f'"{hashlib.sha256(encoded).hexdigest()[:32]}"'


def matching_tags(header: str) -> set[str]:
    """Return the entity tags an If-Match header names (weak ones compared as strong; "*" names no copy)."""
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return {tag for tag in tags if tag and tag != "*"}


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List and read for everyone; create and update for editors, through the record's services.

    Subclasses name the services: `create_record(data)` and `update_record(instance, data)` return the instance.
    The answer is read back through get_queryset(), so it has the same shape as a list item.

    A read answers with an ETag; a change (PUT or PATCH) must name the copy it starts from, in If-Match (or in
    the body's `version_field`, where the record has one), so that it never silently undoes another editor's.
    """

    version_field: str | None = None

    def create_record(self, data: dict):
        raise NotImplementedError

    def update_record(self, instance, data: dict):
        raise NotImplementedError

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag_of(response.data)
        return response

    def update(self, request, *args, **kwargs):
        # Bad input is a 400 whatever the copy named: the body is read and checked first.
        checked = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.get("partial", False))
        checked.is_valid(raise_exception=True)
        tags = matching_tags(request.headers.get("If-Match", ""))
        names_version = (
            self.version_field is not None
            and isinstance(request.data, dict)
            and request.data.get(self.version_field) is not None
        )
        if not tags and not names_version:
            raise PreconditionRequired()
        with transaction.atomic():
            # The record's lock, then the row's (the order every writer keeps): nobody changes it between the
            # comparison and the write.
            lock_record()
            instance = self.get_object()
            type(instance).objects.select_for_update().filter(pk=instance.pk).first()
            if tags and etag_of(self.get_serializer(self.get_queryset().get(pk=instance.pk)).data) not in tags:
                raise PreconditionFailed()
            response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_of(response.data)
        return response

    def perform_create(self, serializer) -> None:
        instance = self.create_record(dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def perform_update(self, serializer) -> None:
        instance = self.update_record(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=instance.pk)
