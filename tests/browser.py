"""Helpers for browser tests: Playwright driving Debian's Chromium, never a downloaded browser."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# CI sets TRACKER_REQUIRE_BROWSER=1 so that a missing Chromium fails the run instead of skipping.
requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("TRACKER_REQUIRE_BROWSER"),
    reason="browser test: /usr/bin/chromium is absent (apt-get install -y chromium)",
)
