"""Shared fixtures: settings for the local servers that `make test` starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiren.settings import Settings, load_settings

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def server_settings() -> Settings:
    """Settings from the environment (ZHIREN_*), pointing at the servers `zhiren services up` runs."""
    return load_settings()


def shared_data(relative: str) -> Path:
    """A file of ../shared/data; skips (with the path) when the shared folder is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"real data not available: {path} (tests read ../shared/data beside the repository)")
    return path
