"""Neo4j Community run straight from its jars: `java -cp lib/* org.neo4j.server.Neo4jCommunity`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zhiren.services import config, fetch, probes
from zhiren.services.account import Account
from zhiren.services.jdk import Jdk
from zhiren.services.process import BASE_ENV, spawn_detached
from zhiren.services.versions import NEO4J_MIN_JAVA, NEO4J_VERSION


@dataclass(frozen=True)
class Neo4jServer:
    root: Path  # settings.services_dir
    port: int
    heap: str
    name: str = "neo4j"
    marker: str = "org.neo4j.server.Neo4jCommunity"
    min_java: int = NEO4J_MIN_JAVA
    port_setting: str = "neo4j_uri"

    @property
    def dist(self) -> Path:
        return self.root / "dist" / f"neo4j-{NEO4J_VERSION}"

    @property
    def home(self) -> Path:
        return self.root / "run" / "neo4j"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def log_file(self) -> Path:
        """The JVM's own output when it said something (e.g. a bad flag), else Neo4j's log."""
        console = self.console_log
        return console if console.is_file() and console.stat().st_size else self.home / "logs" / "neo4j.log"

    def fetched(self) -> bool:
        return fetch.neo4j_complete(self.dist)

    def fetch(self, repo: Path) -> None:
        fetch.fetch_neo4j(self.dist, repo)

    def launch(self, jdk: Jdk, account: Account, timeout: float) -> None:
        """Write the conf and start the JVM detached; health is awaited by the caller."""
        folders = [self.home / name for name in ("conf", "data", "logs", "tmp")]
        for folder in [self.home, *folders]:
            folder.mkdir(parents=True, exist_ok=True)
        conf = self.home / "conf" / "neo4j.conf"
        conf.write_text(config.neo4j_conf(self.port, page_cache=self.heap))
        account.own(self.home, *folders, conf)
        java = jdk.home / "bin" / "java"
        command = config.neo4j_command(java, jdk.major, self.dist / "lib", self.home, self.heap)
        env = {**BASE_ENV, "HOME": str(self.home)}
        pid = spawn_detached(command, env, self.home, self.console_log, account)
        self.pid_file.write_text(f"{pid}\n")

    def healthy(self) -> bool:
        return self.version() is not None

    def version(self) -> str | None:
        return probes.neo4j_version(self.port)
