"""JSON sent by a client, parsed with a depth limit: Python's parser recurses once per bracket, so
100,000 nested brackets end in RecursionError (a 500) unless the nesting is counted first."""

from __future__ import annotations

import json
from typing import Any

from zhiren.errors import InputError

MAX_JSON_DEPTH = 32  # our bodies and parameters nest a few levels; 32 leaves room and stops the abuse


def json_depth_exceeds(raw: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (checked before parsing)."""
    depth, in_string, escaped = 0, False, False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def load_json(raw: str, field: str) -> Any:
    """``raw`` parsed, or an InputError naming ``field`` (not JSON, or nested deeper than MAX_JSON_DEPTH)."""
    if json_depth_exceeds(raw, MAX_JSON_DEPTH):
        raise InputError(f"the JSON nests deeper than {MAX_JSON_DEPTH} levels", field=field)
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise InputError(f"not JSON: {exc}", field=field) from None
