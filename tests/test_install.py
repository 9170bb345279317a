"""``pip install gwr`` (the base extra) in a fresh virtual environment reads and extracts, and
says which extra a database command needs.

Slow (a venv and a build, about a minute), so it runs only with ``GWR_TEST_INSTALL=1``
(``.ci/run`` sets it).  The venv has no system site packages: what works there works for a user
who types ``pip install gwr``, and what the base install must not bring (SQLAlchemy, pandas,
scipy …) is checked as absent.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from corpus_data import ROOT, SAMPLES

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.environ.get("GWR_TEST_INSTALL") != "1",
                                 reason="builds a virtual environment: set GWR_TEST_INSTALL=1")]


@pytest.fixture(scope="module")
def base_env(tmp_path_factory):
    where = tmp_path_factory.mktemp("base-venv")
    venv.create(where, with_pip=True, system_site_packages=False, clear=True)
    bin_ = where / "bin"
    done = subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "-q", str(ROOT)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return bin_


def run(bin_: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GWR_DB")}
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, env=env,
                          cwd=kw.get("cwd"))


def test_base_install_extracts_a_report(base_env, tmp_path):
    done = run(base_env, base_env / "gwr", "extract", SAMPLES / "qinghe_county_2024.txt", "--format", "json",
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [result] = json.loads(done.stdout)
    [doc] = [d for d in result["documents"] if d["kind"] == "official_report"]
    assert doc["targets"] and doc["region"]["name"] == "清禾县"
    # the installed wheel (its data files: taxonomy, divisions, genre) extracts what the source tree does
    from gwr.pipeline import extract_file

    here = json.loads(json.dumps(extract_file(SAMPLES / "qinghe_county_2024.txt").to_dict(), ensure_ascii=False))
    assert result["documents"] == here["documents"]


def test_base_install_brings_no_database_or_science_stack(base_env):
    probe = ("import importlib.util as u; print(','.join(m for m in ('sqlalchemy', 'pandas', 'scipy', 'numpy', "
             "'fastapi', 'pyarrow', 'datasketch') if u.find_spec(m)))")
    done = run(base_env, base_env / "python", "-c", probe)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr


def test_a_store_command_names_its_extra(base_env, tmp_path):
    done = run(base_env, base_env / "gwr", "ingest", SAMPLES, "--db", tmp_path / "x.sqlite", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "gwr: error: [E010] the database (ingest, search, track, export, gwr.open) needs the store extra: "
        "pip install 'gwr[store]' (missing: " + done.stderr.split("(missing: ")[1].strip()]
    assert "Traceback" not in done.stderr
    done = run(base_env, base_env / "python", "-c", "import gwr; gwr.open('x.sqlite')", cwd=tmp_path)
    assert "MissingExtraError" in done.stderr and "gwr[store]" in done.stderr


def test_version_and_entry_points_come_from_the_metadata(base_env):
    probe = ("import gwr, importlib.metadata as m; "
             "print(gwr.__version__ == m.version('gwr'), "
             "[e.value for e in m.entry_points(group='datasette') if e.name == 'gwr'], "
             "m.metadata('gwr')['License-Expression'])")
    done = run(base_env, base_env / "python", "-c", probe)
    assert done.stdout.split() == ["True", "['gwr.datasette_plugin']", "MIT"], done.stderr
    typed = run(base_env, base_env / "python", "-c",
                "import gwr, pathlib; print((pathlib.Path(gwr.__file__).parent / 'py.typed').exists())")
    assert typed.stdout.strip() == "True"


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
