"""Shared fixtures: settings for the local servers that `make test` starts."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings

from zhiren.app import create_app
from zhiren.services.fuseki_compact import CompactionNotOffered, compact_dataset
from zhiren.settings import Settings, load_settings

# Property tests explore new examples on a developer's machine; in CI (CI=true) they replay one fixed,
# derandomised set, so a submission's verdict does not depend on the draw. New finds become @example
# cases or parametrised regressions.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def server_settings() -> Settings:
    """Settings from the environment (ZHIREN_*), pointing at the servers `zhiren services up` runs."""
    return load_settings()


@pytest.fixture(scope="session")
def fuseki_tests_url(server_settings: Settings) -> Iterator[str]:
    """The tests' Fuseki dataset, beside the served one so that a test run never clears anyone's data;
    compacted once the run is over. TDB2 keeps the space of everything the tests cleared until a
    compaction, and on a server that stays up across runs the dataset grew to 60 GB. A server
    started before compaction was enabled is left as it is: it serves the tests all the same, and
    `zhiren services up` empties this dataset when it next starts Fuseki."""
    url = server_settings.fuseki_url.rstrip("/") + "-test"
    yield url
    with contextlib.suppress(CompactionNotOffered):
        compact_dataset(url, timeout=600)


def shared_data(relative: str) -> Path:
    """A file of ../shared/data; skips (with the path) when the shared folder is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"real data not available: {path} (tests read ../shared/data beside the repository)",
                    allow_module_level=True)
    return path


def embedded_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Defaults (no ZHIREN_* from the environment) on the embedded stores in tmp_path."""
    return replace(load_settings(env={}), data_dir=tmp_path, **overrides)


def make_client(tmp_path: Path, **overrides: Any) -> FlaskClient:
    """A test client of the app built from embedded settings in tmp_path (datasette's make_app_client)."""
    return create_app(embedded_settings(tmp_path, **overrides)).test_client()


def backend_choices(setting: str) -> tuple[str, ...]:
    """The backends Settings declares for one port: contract tests run on each, new ones included."""
    (declared,) = (f for f in dataclasses.fields(Settings) if f.name == setting)
    choices: tuple[str, ...] = declared.metadata["choices"]
    return choices


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (nothing downloaded), one per test session.

    One Playwright for every browser test: a second `sync_playwright()` in the same thread fails.
    """
    if not CHROMIUM.exists():  # fail, never skip: a run without the browser tests is not a passing run
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
