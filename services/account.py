"""The unprivileged user the servers run as when we are root (Elasticsearch refuses to run as root)."""

from __future__ import annotations

import os
import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

from zhiren.errors import BackendUnavailable

SERVICE_USER = "zhiren-services"


@dataclass(frozen=True)
class Account:
    """Who the servers run as; `user` is None when we are not root and run them as ourselves."""

    user: str | None
    uid: int
    gid: int

    def own(self, *paths: Path) -> None:
        """Hand the folders we create to the account; what the server creates inside is its own."""
        if self.user is None:
            return
        for path in paths:
            os.chown(path, self.uid, self.gid, follow_symlinks=False)


def service_account(label: str) -> Account:
    """Create the system user once when root; otherwise the current user. `label` names the servers."""
    if os.geteuid() != 0:
        return Account(None, os.getuid(), os.getgid())
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        entry = _create_user(label)
    return Account(SERVICE_USER, entry.pw_uid, entry.pw_gid)


def _create_user(label: str) -> pwd.struct_passwd:
    command = [
        "useradd", "--system", "--user-group", "--no-create-home",
        "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SERVICE_USER,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackendUnavailable(
            label, f"cannot run useradd to create {SERVICE_USER}: {exc}", hint="install passwd"
        ) from None
    try:  # a concurrent `up` may have created it first, which is fine
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise BackendUnavailable(
            label,
            f"could not create system user {SERVICE_USER}: {done.stderr.strip()}",
            hint=f"create it yourself: {' '.join(command)}",
        ) from None
