"""The layers point one way (ARCHITECTURE.md): checked on every import of every module, not remembered.

`nlp` imports nothing of ours; `authority` no store (it declares the protocols it needs); only `cli`
imports `ingest`; nothing imports `cli` or `app` but themselves (and `cli` imports `app` to serve).
The kernel (`zhiren.settings`, `zhiren.errors`, `zhiren.collection`) is shared by every layer but `nlp`.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KERNEL = {"settings", "errors", "collection"}
ALLOWED: dict[str, set[str]] = {
    "nlp": set(),
    "authority": {"nlp", *KERNEL},
    "store": {"authority", "nlp", *KERNEL},
    "ontology": {"authority", "nlp", *KERNEL},
    "ingest": {"nlp", "authority", "store", "ontology", *KERNEL},
    "services": {*KERNEL},
    "app": {"nlp", "authority", "store", "ontology", *KERNEL},
    "cli": {"nlp", "authority", "store", "ontology", "ingest", "services", "app", *KERNEL},
    "zhiren": {*KERNEL},
}


def imported_layers(path: Path) -> set[str]:
    """The second part of every `zhiren.X` a module imports (absolute imports only: we use no others)."""
    layers: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            names = [node.module or ""]
            if node.module == "zhiren":
                names = [f"zhiren.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] in ALLOWED and parts[0] != "zhiren":
                raise AssertionError(f"{path}:{node.lineno}: imports {name!r}; write zhiren.{name}")
            if parts[0] == "zhiren" and len(parts) > 1:
                layers.add(parts[1])
    return layers


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_what_it_may(layer: str) -> None:
    folder = ROOT / layer
    # os.walk does not follow zhiren/'s links to the other folders: the kernel is zhiren/*.py alone
    modules = [Path(d) / f for d, _, files in os.walk(folder) for f in files if f.endswith(".py")]
    assert modules, f"no modules in {folder}"
    offending = {
        f"{path.relative_to(ROOT)} imports zhiren.{other}"
        for path in modules
        for other in imported_layers(path) - ALLOWED[layer] - {layer}
    }
    assert not offending, sorted(offending)


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from zhiren.store.graph import base\nimport zhiren.cli.main\n", encoding="utf-8")
    assert imported_layers(module) == {"store", "cli"}
    module.write_text("from store.graph import base\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"write zhiren\.store\.graph"):
        imported_layers(module)
