"""Shared fixtures.  Tests never touch the network and never need ../shared."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extract():
    """The library API, imported once per session (spaCy start-up is the slow part)."""
    from analyser import extract_features

    return extract_features
