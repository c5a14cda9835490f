"""Page-number pagination for every list of the API."""

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

INVALID_PAGE_SIZE = "Give a whole number of rows from 1 to {maximum}."


class Pagination(pagination.PageNumberPagination):
    """Pages of 50 rows by default (?page=2, ?page_size= from 1 to 200); a page past the end is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        """Return the rows asked for; refuse a size that is not a whole number in range, rather than ignore it."""
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            message = INVALID_PAGE_SIZE.format(maximum=self.max_page_size)
            raise ValidationError({self.page_size_query_param: [message]}, code="invalid_page_size")
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters
