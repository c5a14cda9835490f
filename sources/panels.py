"""What other apps show on a source's page, so that sources needs none of them to render it.

An app registers a provider in its AppConfig.ready(); given the source, it returns the HTML of its panel (or ""
to show nothing). The claims app registers the source's track record, computed from the claims its reports bear
on (claims/scoring/scorecards.py).
"""

from collections.abc import Callable

from sources.models import Source

SOURCE_PANELS: list[Callable[[Source], str]] = []


def register_source_panel(provider: Callable[[Source], str]) -> Callable[[Source], str]:
    """Show what the provider returns on every source page, after the source's own details."""
    if provider not in SOURCE_PANELS:
        SOURCE_PANELS.append(provider)
    return provider


def source_panels(source: Source) -> list[str]:
    """Return the HTML of every registered panel for this source, in the order they were registered."""
    return [html for html in (provider(source) for provider in SOURCE_PANELS) if html]
