"""Which folder stops the unprivileged server user, and making downloads readable to it."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from zhiren.services.permissions import blocked_folder, can_traverse, make_readable

NOBODY = 65534


def _stat(mode: int, uid: int = 0, gid: int = 0) -> os.stat_result:
    return os.stat_result((stat.S_IFDIR | mode, 0, 0, 2, uid, gid, 0, 0, 0, 0))


@pytest.mark.parametrize(
    ("mode", "uid", "gid", "user", "groups", "allowed"),
    [
        (0o700, 0, 0, NOBODY, {NOBODY}, False),  # /root
        (0o755, 0, 0, NOBODY, {NOBODY}, True),
        (0o750, 0, 42, NOBODY, {42}, True),  # through the group
        (0o750, 0, 42, NOBODY, {NOBODY}, False),
        (0o700, NOBODY, 0, NOBODY, set(), True),  # its own folder
        (0o000, 5, 5, 0, set(), True),  # root passes everywhere
    ],
)
def test_can_traverse(mode: int, uid: int, gid: int, user: int, groups: set[int], allowed: bool) -> None:
    assert can_traverse(_stat(mode, uid, gid), user, groups) is allowed


@pytest.fixture
def open_base() -> Iterator[Path]:
    """A folder others may enter (pytest's own tmp_path sits under a 0700 folder)."""
    base = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="zhiren-test-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base)


def test_blocked_folder_names_the_first_closed_folder(open_base: Path) -> None:
    closed = open_base / "open" / "closed"
    closed.mkdir(parents=True)
    (open_base / "open").chmod(0o755)
    closed.chmod(0o700)
    assert blocked_folder(closed / "services" / "x", NOBODY, {NOBODY}) == closed
    assert blocked_folder(open_base / "open" / "services", NOBODY, {NOBODY}) is None


def test_make_readable_opens_files_and_folders_to_everyone(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir(mode=0o700)
    jar = folder / "a.jar"
    jar.write_bytes(b"x")
    jar.chmod(0o600)
    make_readable(folder)
    assert folder.stat().st_mode & 0o777 == 0o755
    assert jar.stat().st_mode & 0o777 == 0o644
