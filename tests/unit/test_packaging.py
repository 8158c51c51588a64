"""The package installs whole: a wheel adds one name, `zhiren`, and serves its pages with their CSS.

The wheel is built from this checkout and installed (without its dependencies, which come from the
test virtualenv through a path file) into a fresh virtualenv outside the repository, so nothing can
be found by the checkout's folders.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SERVE_AND_FETCH = """
import sys, threading, urllib.request
from waitress.server import create_server
import zhiren
from zhiren.app import create_app
from zhiren.settings import load_settings
assert zhiren.__file__.startswith(sys.prefix), zhiren.__file__
app = create_app(load_settings(env={"ZHIREN_DATA_DIR": sys.argv[1]}))
server = create_server(app, host="127.0.0.1", port=0)
threading.Thread(target=server.run, daemon=True).start()
base = f"http://127.0.0.1:{server.effective_port}"
css = urllib.request.urlopen(base + "/static/zhiren.css").read()
page = urllib.request.urlopen(base + "/").read().decode()
print(len(css), "<html" in page and "zhiren.css" in page)
server.close()
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # setuptools builds in the checkout's build/lib and never removes what it copied there before:
    # a module since deleted from the source would ride along in the wheel.
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )
    (built,) = out.glob("zhiren-*.whl")
    return built


def test_every_module_in_the_wheel_is_in_the_source(wheel: Path) -> None:
    modules = [n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")]
    assert modules and [n for n in modules if not (ROOT / n).is_file()] == []


def test_the_wheel_installs_one_top_level_name(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {"zhiren"}
    for shipped in ("zhiren/static/zhiren.css", "zhiren/app/templates/base.html", "zhiren/ingest/demo/authority.csv",
                    "zhiren/nlp/models/person_ner/meta.json", "zhiren/authority/kinship.tsv", "zhiren/cli/main.py"):
        assert shipped in names


def test_an_installed_wheel_serves_pages_with_their_css(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    target = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    (Path(target) / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, str(wheel)],
                   check=True, capture_output=True, timeout=300)
    served = subprocess.run([python, "-I", "-c", SERVE_AND_FETCH, str(tmp_path / "data")],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert served.returncode == 0, served.stderr
    css_bytes, page_links_css = served.stdout.split()
    assert int(css_bytes) > 100 and page_links_css == "True"
