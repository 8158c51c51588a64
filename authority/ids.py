"""Stable, opaque identifiers.

Ingest derives ids from source keys (so re-running an ingest rewrites the same rows);
curation mints fresh ones. Either way an id never changes meaning and is never reused.
"""

from __future__ import annotations

import hashlib
import secrets

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case: no i, l, o, u


def _encode(raw: bytes, length: int) -> str:
    number = int.from_bytes(raw, "big")
    chars = []
    for _ in range(length):
        number, digit = divmod(number, 32)
        chars.append(_ALPHABET[digit])
    return "".join(chars)


def stable_id(prefix: str, *parts: object) -> str:
    """Deterministic id from source keys, e.g. ``stable_id("d", "sheng", "SX-0001")``."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return f"{prefix}{_encode(digest, 13)}"


def new_id(prefix: str) -> str:
    """A fresh random id for things that have no source key (a person split off by a curator)."""
    return f"{prefix}{_encode(secrets.token_bytes(10), 13)}"
