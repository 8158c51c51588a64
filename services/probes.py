"""Ask a running server whether it answers and which version it is, over loopback only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import neo4j
import neo4j.exceptions

# No proxy handler: an http_proxy in the caller's environment must not reroute loopback requests.
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def neo4j_version(bolt_port: int, timeout: float = 2.0) -> str | None:
    """The server's version from the bolt handshake, or None if nothing answers."""
    try:
        with neo4j.GraphDatabase.driver(
            f"bolt://127.0.0.1:{bolt_port}",
            auth=None,
            connection_timeout=timeout,
            connection_acquisition_timeout=timeout,
        ) as driver:
            agent = driver.get_server_info().agent
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
        return None
    return agent.split("/", 1)[-1]


def _get_json(url: str, timeout: float) -> Any:
    try:
        with LOOPBACK.open(url, timeout=timeout) as response:
            return json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return None


def elasticsearch_ready(http_port: int, wait: float = 1.0) -> bool:
    """Cluster at least yellow (this distribution has no `GET /`)."""
    body = _get_json(
        f"http://127.0.0.1:{http_port}/_cluster/health?wait_for_status=yellow&timeout={wait:g}s",
        timeout=wait + 5,
    )
    return isinstance(body, dict) and not body.get("timed_out") and body.get("status") in {"yellow", "green"}


def elasticsearch_version(http_port: int, timeout: float = 2.0) -> str | None:
    body = _get_json(
        f"http://127.0.0.1:{http_port}/_nodes/_local?filter_path=nodes.*.version", timeout=timeout
    )
    nodes = body.get("nodes") if isinstance(body, dict) else None
    if not isinstance(nodes, dict) or not nodes:
        return None
    return str(next(iter(nodes.values())).get("version"))


def fuseki_ping(http_port: int, timeout: float = 2.0) -> bool:
    """Fuseki answers ``/$/ping`` (it sends no version: the server's log names it)."""
    try:
        with LOOPBACK.open(f"http://127.0.0.1:{http_port}/$/ping", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False
