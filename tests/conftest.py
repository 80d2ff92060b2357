"""Shared fixtures.  Tests never touch the network and never need ../shared."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

# Property tests check behaviour, not speed (speed is the benchmark's job): no deadline and no "input
# generation is slow" health checks, which fail at random on a loaded two-core CI machine.
settings.register_profile(
    "ticket-analyser",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.load_profile("ticket-analyser")


@pytest.fixture(scope="session")
def extract():
    """The library API, imported once per session (spaCy start-up is the slow part)."""
    from analyser import extract_features

    return extract_features
