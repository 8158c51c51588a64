"""What the servers are configured with: loopback only, no auth, the heap from settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiren.errors import InputError
from zhiren.services.config import check_heap, elasticsearch_flags, neo4j_command, neo4j_conf


def _conf(port: int = 7799) -> dict[str, str]:
    lines = [line for line in neo4j_conf(port, "256m").splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_neo4j_conf_is_loopback_bolt_only_without_auth() -> None:
    conf = _conf(7799)
    assert conf["dbms.security.auth_enabled"] == "false"
    assert conf["server.bolt.listen_address"] == "127.0.0.1:7799"
    assert conf["server.default_listen_address"] == "127.0.0.1"
    assert conf["server.http.enabled"] == "false"
    assert conf["server.https.enabled"] == "false"
    assert conf["server.memory.pagecache.size"] == "256m"
    assert conf["dbms.usage_report.enabled"] == "false"


def test_neo4j_command_sets_heap_and_main_class() -> None:
    home = Path("/srv/run/neo4j")
    command = neo4j_command(Path("/jdk/bin/java"), 25, Path("/srv/lib"), home, "384m")
    assert command[0] == "/jdk/bin/java"
    assert {"-Xms384m", "-Xmx384m", "--sun-misc-unsafe-memory-access=allow"} <= set(command)
    assert command[command.index("-cp") + 1] == "/srv/lib/*"
    assert command[-3:] == [
        "org.neo4j.server.Neo4jCommunity",
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]


def test_neo4j_command_omits_flags_an_older_jdk_rejects() -> None:
    command = neo4j_command(Path("/jdk/bin/java"), 21, Path("/lib"), Path("/home"), "512m")
    assert "--sun-misc-unsafe-memory-access=allow" not in command


def test_elasticsearch_flags_are_loopback_single_node_daemon() -> None:
    flags = elasticsearch_flags(9299, Path("/d"), Path("/l"), Path("/run/es.pid"))
    assert flags[:3] == ["-d", "-p", "/run/es.pid"]
    assert {
        "-Expack.security.enabled=false",
        "-Ediscovery.type=single-node",
        "-Enetwork.host=127.0.0.1",
        "-Ehttp.port=9299",
        "-Epath.data=/d",
        "-Epath.logs=/l",
    } <= set(flags)


@pytest.mark.parametrize("heap", ["512m", "1g", "768M", "65536k"])
def test_check_heap_accepts_jvm_sizes(heap: str) -> None:
    assert check_heap(heap) == heap


@pytest.mark.parametrize("heap", ["lots", "512", "0m", "-1g", "512 m", "1.5g"])
def test_check_heap_rejects_the_rest_naming_the_setting(heap: str) -> None:
    with pytest.raises(InputError) as err:
        check_heap(heap)
    assert err.value.field == "service_heap"
