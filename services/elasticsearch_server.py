"""Elasticsearch's integ-test distribution, daemonised by its own launcher, config copied per run folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from zhiren.errors import BackendUnavailable
from zhiren.services import config, fetch, probes
from zhiren.services.account import Account
from zhiren.services.jdk import Jdk
from zhiren.services.process import BASE_ENV, run_as, tail
from zhiren.services.versions import ELASTICSEARCH_MIN_JAVA, ELASTICSEARCH_VERSION


@dataclass(frozen=True)
class ElasticsearchServer:
    root: Path  # settings.services_dir
    port: int
    heap: str
    name: str = "elasticsearch"
    marker: str = "org.elasticsearch.bootstrap.Elasticsearch"
    min_java: int = ELASTICSEARCH_MIN_JAVA
    port_setting: str = "es_url"

    @property
    def dist(self) -> Path:
        return self.root / "dist" / f"elasticsearch-{ELASTICSEARCH_VERSION}"

    @property
    def home(self) -> Path:
        return self.root / "run" / "elasticsearch"

    @property
    def pid_file(self) -> Path:
        return self.home / "elasticsearch.pid"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def log_file(self) -> Path:
        """The launcher's output, rewritten each start: JVM errors plus the node's startup log."""
        return self.home / "launcher.log"

    def fetched(self) -> bool:
        return fetch.elasticsearch_complete(self.dist)

    def fetch(self, repo: Path) -> None:
        fetch.fetch_elasticsearch(self.dist, repo)

    def launch(self, jdk: Jdk, account: Account, timeout: float) -> None:
        """Run `bin/elasticsearch -d`, which returns once the node has started (or failed)."""
        conf = self.home / "config"
        if not conf.is_dir():  # ES_PATH_CONF must be writable (keystore), so not the shared dist
            shutil.copytree(self.dist / "config", conf)
        folders = [conf, *(self.home / name for name in ("data", "logs", "tmp"))]
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        account.own(self.home, *folders)
        env = {
            **BASE_ENV,
            "HOME": str(self.home),
            "ES_JAVA_HOME": str(jdk.home),
            "ES_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap}",
            "ES_PATH_CONF": str(conf),
            "ES_TMPDIR": str(self.home / "tmp"),
        }
        flags = config.elasticsearch_flags(self.port, self.data_dir, self.home / "logs", self.pid_file)
        command = [str(self.dist / "bin" / "elasticsearch"), *flags]
        code = run_as(command, env, self.home, self.log_file, account, timeout)
        if code != 0:
            raise BackendUnavailable(
                self.name,
                f"launcher exited with {code}; {self.log_file}: {tail(self.log_file)}",
                hint=f"fix the cause, then: zhiren services up --only {self.name}",
            )

    def healthy(self) -> bool:
        return probes.elasticsearch_ready(self.port)

    def version(self) -> str | None:
        return probes.elasticsearch_version(self.port)
