"""Check that the unprivileged server user can reach its folders (/root is 0700, CI picks the clone path)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def can_traverse(st: os.stat_result, uid: int, gids: set[int]) -> bool:
    """Whether a user may pass through a folder with this stat, by the usual owner/group/other rule."""
    if uid == 0:
        return True
    if st.st_uid == uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid in gids:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def blocked_folder(path: Path, uid: int, gids: set[int]) -> Path | None:
    """The first existing folder from / down to `path` that the user can't traverse, if any."""
    resolved = path.resolve()
    for folder in [*reversed(resolved.parents), resolved]:
        if folder.is_dir() and not can_traverse(folder.stat(), uid, gids):
            return folder
    return None


def make_readable(root: Path) -> None:
    """Give everyone read (and traverse on folders) below root, whatever the umask was at download."""
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, os.stat(folder).st_mode | 0o555)
        for name in files:
            path = os.path.join(folder, name)
            os.chmod(path, os.stat(path).st_mode | 0o444)
