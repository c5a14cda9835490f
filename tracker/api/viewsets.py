"""The viewset every record of the API uses: reads for everyone, writes through the services."""

from rest_framework import mixins, viewsets


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
    """

    def create_record(self, data: dict):
        raise NotImplementedError

    def update_record(self, instance, data: dict):
        raise NotImplementedError

    def perform_create(self, serializer) -> None:
        instance = self.create_record(dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def perform_update(self, serializer) -> None:
        instance = self.update_record(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=instance.pk)
