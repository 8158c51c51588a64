"""Render each server's configuration (Neo4j's conf file, Elasticsearch's flags) from settings.

Pure functions, so the exact loopback/auth/memory choices are unit-tested without a server.
"""

from __future__ import annotations

import re
from pathlib import Path

from zhiren.errors import InputError

_HEAP = re.compile(r"^[1-9]\d*[kmgKMG]$")


def check_heap(heap: str) -> str:
    """A JVM memory size such as 512m; rejected early rather than as a cryptic JVM failure."""
    if not _HEAP.match(heap):
        raise InputError(f"expected a JVM size such as 512m or 1g, got {heap!r}", field="service_heap")
    return heap


def neo4j_conf(bolt_port: int, page_cache: str) -> str:
    """neo4j.conf for a loopback test server: no auth, bolt only, small memory and disk, no phoning home."""
    return "\n".join(
        [
            "# Written by `zhiren services up` on every start; edits are overwritten.",
            "dbms.security.auth_enabled=false",
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            f"server.memory.pagecache.size={page_cache}",
            "dbms.usage_report.enabled=false",
            "db.tx_log.preallocate=false",  # else 256 MB per database of disk on a fresh test server
            "db.tx_log.rotation.retention_policy=keep_none",  # else two days of logs: GBs after a few benches
            # Bolt waits a 5 s quiet period per connector on shutdown; `down` is part of every test run.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period_duration=0s",
            "",
        ]
    )


def neo4j_command(java: Path, java_major: int, lib: Path, home: Path, heap: str) -> list[str]:
    """The JVM command line, with the flags Neo4j's own launcher would add.

    Heap goes here because neo4j.conf's heap keys are read only by the launcher scripts we
    skip; the add-opens keep the page cache out of its slow fallback mode.
    """
    newer_jdk = ["--sun-misc-unsafe-memory-access=allow"] if java_major >= 23 else []
    return [
        str(java),
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-Dfile.encoding=UTF-8",
        f"-Djava.io.tmpdir={home / 'tmp'}",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED",
        *newer_jdk,
        "-cp",
        f"{lib}/*",
        "org.neo4j.server.Neo4jCommunity",
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]


def elasticsearch_flags(http_port: int, data: Path, logs: Path, pid_file: Path) -> list[str]:
    """Daemon flags for a loopback single node without security (the integ-test zip has no TLS setup)."""
    return [
        "-d",
        "-p",
        str(pid_file),
        "-Expack.security.enabled=false",
        "-Ediscovery.type=single-node",
        "-Enetwork.host=127.0.0.1",
        f"-Ehttp.port={http_port}",
        "-Ecluster.routing.allocation.disk.threshold_enabled=false",
        f"-Epath.data={data}",
        f"-Epath.logs={logs}",
    ]


FUSEKI_MAIN = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"


def fuseki_assembler(datasets: dict[str, Path], timeout_ms: int) -> str:
    """Fuseki's configuration: TDB2 datasets (name → folder) whose default graph is the union of
    their named graphs (the port's queries see every graph), each with query, update and Graph
    Store endpoints, and a server-wide query limit that each request's own ``timeout`` lowers."""
    head = f"""# Written by `zhiren services up` on every start; edits are overwritten.
@prefix fuseki: <http://jena.apache.org/fuseki#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix tdb2:   <http://jena.apache.org/2016/tdb#> .
@prefix ja:     <http://jena.hpl.hp.com/2005/11/Assembler#> .

[] rdf:type fuseki:Server ;
   ja:context [ ja:cxtName "arq:queryTimeout" ; ja:cxtValue "{timeout_ms}" ] .
"""
    services = [
        f"""
<#service{i}> rdf:type fuseki:Service ;
    fuseki:name "{name}" ;
    fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "sparql" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:update ; fuseki:name "update" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset{i}> .

<#dataset{i}> rdf:type tdb2:DatasetTDB2 ;
    tdb2:location "{location}" ;
    tdb2:unionDefaultGraph true .
"""
        for i, (name, location) in enumerate(datasets.items())
    ]
    return head + "".join(services)


def fuseki_command(java: Path, lib: Path, config_file: Path, port: int, heap: str) -> list[str]:
    """Fuseki on loopback only (no authentication in this mode), from its jars, with
    ``/$/compact/{name}`` and ``/$/tasks/{id}``: TDB2 keeps the space of replaced data until a
    dataset is compacted (`zhiren services compact`)."""
    return [
        str(java),
        f"-Xmx{heap}",
        "-Dfile.encoding=UTF-8",
        "-cp",
        f"{lib}/*",
        FUSEKI_MAIN,
        "--localhost",
        "--compact",
        f"--port={port}",
        f"--config={config_file}",
    ]
