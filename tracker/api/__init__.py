"""What every endpoint of the JSON API shares: pagination, the error format, a schema that lists every error,
and the viewset that writes through the services.

Serializers check the shape of a request; the services check the rules and raise Django's ValidationError,
which becomes a 400 with the same field errors a form would show (never a 500).
"""
