"""Every Zhiren setting, declared once with its default, type and help.

Values come, lowest to highest precedence, from the defaults here, an optional TOML
file (``ZHIREN_CONFIG`` or ``--config``), then ``ZHIREN_<NAME>`` environment variables.
Nothing else in the code reads the environment: settings are passed to whoever needs them.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zhiren.errors import InputError

ENV_PREFIX = "ZHIREN_"
CONFIG_ENV = "ZHIREN_CONFIG"


def _setting(default: Any, help: str, *, secret: bool = False, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"help": help, "secret": secret, "choices": choices})


@dataclass(frozen=True)
class Settings:
    """The effective configuration; build it with :func:`load_settings`."""

    data_dir: Path = _setting(Path("data"), "Folder for the embedded stores and ingest state.")
    graph: str = _setting(
        "embedded", "Graph store backend.", choices=("embedded", "neo4j")
    )
    search: str = _setting(
        "embedded", "Search index backend.", choices=("embedded", "elasticsearch")
    )
    neo4j_uri: str = _setting("bolt://127.0.0.1:7687", "Bolt or neo4j:// routing URI of Neo4j.")
    neo4j_user: str = _setting("", "Neo4j user name; empty when auth is off (loopback test server).")
    neo4j_password: str = _setting("", "Neo4j password.", secret=True)
    neo4j_database: str = _setting("neo4j", "Neo4j database name.")
    es_url: str = _setting("http://127.0.0.1:9200", "Elasticsearch URL.")
    es_user: str = _setting("", "Elasticsearch user; empty when security is off (loopback).")
    es_password: str = _setting("", "Elasticsearch password.", secret=True)
    es_index_prefix: str = _setting("zhiren", "Prefix of every Elasticsearch index and alias.")
    triples: str = _setting(
        "embedded", "Triple store backend (SPARQL, linked data, dumps).", choices=("embedded", "fuseki")
    )
    fuseki_url: str = _setting(
        "http://127.0.0.1:3030/zhiren",
        "Dataset URL of Fuseki or any SPARQL 1.1 server with the Graph Store Protocol "
        "(query at URL/sparql, update at URL/update, graphs at URL/data).",
    )
    base_uri: str = _setting(
        "http://127.0.0.1:5000/", "Base of every entity URI (BASE/person/{id}); ends with a slash."
    )
    sparql_timeout: int = _setting(30, "Seconds a /sparql query may run before it is stopped (answered 503).")
    sparql_max_rows: int = _setting(
        10_000, "Result rows (or triples) /sparql returns at most; a cut result is flagged."
    )
    sparql_rate_limit: int = _setting(
        60, "Queries per minute /sparql takes from one client (429 past it); 0: no limit."
    )
    batch_size: int = _setting(1000, "Rows per write batch to the graph and the search index.")
    services_dir: Path = _setting(
        Path("/var/tmp/zhiren-services"),
        "Cache of the Neo4j/Elasticsearch downloads and their runtime folders "
        "(must be traversable by an unprivileged user: Elasticsearch refuses root).",
    )
    service_heap: str = _setting("512m", "Java heap of each local server started by `zhiren services`.")
    api_token: str = _setting("", "Bearer token required by write endpoints; empty disables writes.", secret=True)
    secret_key: str = _setting("", "Flask secret key for sessions and CSRF; generated per run when empty.", secret=True)
    host: str = _setting("127.0.0.1", "Address `zhiren serve` listens on.")
    port: int = _setting(5000, "Port `zhiren serve` listens on.")
    cookie_secure: str = _setting(
        "auto",
        "Mark the session cookie Secure: auto (when the request came over HTTPS), always, or never.",
        choices=("auto", "always", "never"),
    )
    trusted_proxies: int = _setting(
        0, "Reverse proxies in front of the app whose X-Forwarded-Proto/-Host/-For are believed; 0 ignores them."
    )
    session_lifetime: int = _setting(28800, "Seconds a curator's login lasts; logging out ends it at once.")
    max_request_bytes: int = _setting(1_048_576, "Largest request body accepted; a larger one is refused (413).")
    crash_at: str = _setting(
        "", "Test hook: POINT:N makes an ingest SIGKILL its process group the Nth time it reaches POINT."
    )

    @property
    def neo4j_port(self) -> int:
        """The port of ``neo4j_uri``: where `zhiren services` starts the local Neo4j."""
        return urlsplit(self.neo4j_uri).port or 7687

    @property
    def fuseki_port(self) -> int:
        """The port of ``fuseki_url``: where `zhiren services` starts the local Fuseki."""
        return urlsplit(self.fuseki_url).port or 3030

    @property
    def es_port(self) -> int:
        """The port of ``es_url``: where `zhiren services` starts the local Elasticsearch."""
        return urlsplit(self.es_url).port or 9200

    def describe(self) -> list[tuple[str, str, str]]:
        """(env name, effective value with secrets masked, help) for `zhiren config`."""
        rows = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            shown = "****" if f.metadata["secret"] and value else str(value)
            rows.append((env_name(f.name), shown, f.metadata["help"]))
        return rows


def env_name(field_name: str) -> str:
    return ENV_PREFIX + field_name.upper()


def setting_fields() -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(Settings)


def _coerce(f: dataclasses.Field[Any], raw: Any, source: str) -> Any:
    target = type(f.default)
    try:
        if target is bool:
            value: Any = raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes", "on"}
        elif target is int:
            value = int(raw)
        elif isinstance(f.default, Path):
            value = Path(str(raw)).expanduser()
        else:
            value = str(raw)
    except (TypeError, ValueError):
        raise InputError(
            f"expected {target.__name__}, got {raw!r}", file=source, field=f.name
        ) from None
    choices = f.metadata["choices"]
    if choices and value not in choices:
        raise InputError(f"must be one of {', '.join(choices)}, got {value!r}", file=source, field=f.name)
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError("settings file not found", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=str(path)) from None
    known = {f.name for f in setting_fields()}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(f"unknown setting(s): {', '.join(unknown)}", file=str(path))
    return data


def load_settings(
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    **overrides: Any,
) -> Settings:
    """Build settings from defaults, a TOML file, the environment and explicit overrides."""
    env = os.environ if env is None else env
    path = config_file or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    file_values = _read_toml(path) if path else {}
    values: dict[str, Any] = {}
    for f in setting_fields():
        if f.name in overrides and overrides[f.name] is not None:
            values[f.name] = _coerce(f, overrides[f.name], "override")
        elif env_name(f.name) in env:
            values[f.name] = _coerce(f, env[env_name(f.name)], env_name(f.name))
        elif f.name in file_values:
            values[f.name] = _coerce(f, file_values[f.name], str(path))
    return Settings(**values)
