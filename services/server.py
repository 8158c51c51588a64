"""What the manager needs from each server, and the status it reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from zhiren.services.account import Account
from zhiren.services.jdk import Jdk


class Server(Protocol):
    """One locally managed server; implemented by Neo4jServer and ElasticsearchServer."""

    @property
    def name(self) -> str: ...
    @property
    def marker(self) -> str: ...  # in the server process's command line: recognises its pid
    @property
    def min_java(self) -> int: ...
    @property
    def port(self) -> int: ...
    @property
    def port_setting(self) -> str: ...  # the Settings field holding the port, for hints
    @property
    def pid_file(self) -> Path: ...
    @property
    def data_dir(self) -> Path: ...
    @property
    def log_file(self) -> Path: ...  # the log that says why a start failed

    def fetched(self) -> bool: ...
    def fetch(self, repo: Path) -> None: ...
    def launch(self, jdk: Jdk, account: Account, timeout: float) -> None: ...
    def healthy(self) -> bool: ...
    def version(self) -> str | None: ...


@dataclass(frozen=True)
class ServerStatus:
    name: str
    running: bool  # the process from the pid file is alive
    healthy: bool  # and it answers (bolt handshake / cluster health at least yellow)
    pid: int | None
    port: int
    version: str | None
    data_dir: Path

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "data_dir": str(self.data_dir)}
