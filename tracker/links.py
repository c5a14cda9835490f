"""reverse() for the links a page repeats many times (a claim, commentator, topic, source or report each row).

Django's reverse() matches the whole URL configuration on every call: about 0.1 ms, which adds up to tens
of milliseconds on a page of 60 claims with their commentators and topics. link() reverses a name once with
a placeholder, then fills the value in, quoted as reverse() quotes it. tests/tracker/test_links.py checks
that it gives what reverse() gives.
"""

import functools
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# What reverse() leaves unquoted in a path (django.urls.resolvers).
SAFE = "!$&'()*+,;=/~:@"
PLACEHOLDERS = ("8765432109876543", "placeholder-8765432109876543")  # for int converters, then str or slug


@functools.cache
def _template(name: str, kwarg: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    for placeholder in PLACEHOLDERS:
        try:
            return reverse(name, urlconf=urlconf, kwargs={kwarg: placeholder}), placeholder
        except NoReverseMatch:
            continue
    raise NoReverseMatch(f"{name} takes no single {kwarg!r} argument.")


def link(name: str, kwarg: str, value: object) -> str:
    """Return reverse(name, kwargs={kwarg: value}) for a value that the URL pattern accepts."""
    url, placeholder = _template(name, kwarg, get_script_prefix(), get_urlconf())
    return url.replace(placeholder, quote(str(value), safe=SAFE), 1)
