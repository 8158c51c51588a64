"""Apache Jena Fuseki (TDB2) run straight from its jars: `java -cp lib/* …FusekiMainCmd --config`."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from zhiren.services import config, fetch, probes
from zhiren.services.account import Account
from zhiren.services.jdk import Jdk
from zhiren.services.process import BASE_ENV, spawn_detached
from zhiren.services.versions import FUSEKI_MIN_JAVA, FUSEKI_VERSION

# The server's own query limit; each query of the triple store adapter asks for its own, lower one.
SERVER_QUERY_TIMEOUT_MS = 300_000
_STARTED = re.compile(r"Apache Jena Fuseki (\S+)")


@dataclass(frozen=True)
class FusekiServer:
    root: Path  # settings.services_dir
    port: int
    heap: str
    dataset: str  # the path of settings.fuseki_url: /zhiren → "zhiren"; DATASET-test beside it for tests
    name: str = "fuseki"
    marker: str = config.FUSEKI_MAIN
    min_java: int = FUSEKI_MIN_JAVA
    port_setting: str = "fuseki_url"

    @property
    def dist(self) -> Path:
        return self.root / "dist" / f"fuseki-{FUSEKI_VERSION}"

    @property
    def home(self) -> Path:
        return self.root / "run" / "fuseki"

    @property
    def pid_file(self) -> Path:
        return self.home / "fuseki.pid"

    @property
    def data_dir(self) -> Path:
        return self.home / "tdb2"

    @property
    def log_file(self) -> Path:
        return self.home / "fuseki.log"

    def fetched(self) -> bool:
        return fetch.fuseki_complete(self.dist)

    def fetch(self, repo: Path) -> None:
        fetch.fetch_fuseki(self.dist, repo)

    @property
    def datasets(self) -> dict[str, Path]:
        """The served dataset and the tests' one beside it (name → TDB2 folder)."""
        return {name: self.data_dir / name for name in (self.dataset, self.test_dataset)}

    @property
    def test_dataset(self) -> str:
        return f"{self.dataset}-test"

    def dataset_folders(self) -> dict[str, Path]:
        """The datasets' TDB2 folders, made ready for a start. The tests' dataset starts empty:
        TDB2 never gives back the space of what is deleted (only a compaction does), and every
        test run clears and reloads it (benchmarks at 500,000 persons grew it to 37 GB)."""
        datasets = self.datasets
        shutil.rmtree(datasets[self.test_dataset], ignore_errors=True)
        for folder in (self.home, self.data_dir, *datasets.values()):
            folder.mkdir(parents=True, exist_ok=True)
        return datasets

    def launch(self, jdk: Jdk, account: Account, timeout: float) -> None:
        """Write the assembler file and start the JVM detached; health is awaited by the caller."""
        datasets = self.dataset_folders()
        assembler = self.home / "config.ttl"
        assembler.write_text(config.fuseki_assembler(datasets, SERVER_QUERY_TIMEOUT_MS))
        account.own(self.home, self.data_dir, *datasets.values(), assembler)
        java = jdk.home / "bin" / "java"
        command = config.fuseki_command(java, self.dist / "lib", assembler, self.port, self.heap)
        env = {**BASE_ENV, "HOME": str(self.home)}
        pid = spawn_detached(command, env, self.home, self.log_file, account)
        self.pid_file.write_text(f"{pid}\n")

    def healthy(self) -> bool:
        return probes.fuseki_ping(self.port)

    def version(self) -> str | None:
        """The version the running server logged at start (its HTTP answers carry none)."""
        if not self.healthy():
            return None
        try:
            with self.log_file.open(encoding="utf-8", errors="replace") as log:
                found = next((m for line in islice(log, 50) if (m := _STARTED.search(line))), None)
        except OSError:
            found = None
        return found.group(1) if found else "unknown"
