"The `nasbook` command as a user runs it."
import subprocess
import sys
from pathlib import Path

import nbformat

NASBOOK = str(Path(sys.executable).parent/"nasbook")


def _run(*args):
    return subprocess.run([NASBOOK, *args], capture_output=True, text=True, timeout=600)


def test_help_lists_commands():
    r = _run("--help")
    assert r.returncode == 0 and all(c in r.stdout for c in ("data", "run", "book"))


def test_data_status(tmp_path, have_data):
    r = _run("data", "status", "--data-dir", str(tmp_path))
    assert r.returncode == 0 and "0 of 7 data files present" in r.stdout
    if have_data:
        r = _run("data", "status")
        assert "7 of 7 data files present" in r.stdout


def test_run_unknown_chapter_is_one_clear_error():
    r = _run("run", "99")
    assert r.returncode == 2 and r.stderr.strip().startswith("nasbook: error: no unique chapter '99'")
    assert "Traceback" not in r.stderr


def test_run_chapter_with_parameters(tmp_path):
    r = _run("run", "01", "-p", "mode", "quick", "-p", "seeds", "[3]", "-p", "data_dir", str(tmp_path), "--out", str(tmp_path/"out"))
    assert r.returncode == 0, r.stderr[-2000:]
    nb = nbformat.read(tmp_path/"out"/"01_zero_cost_proxies.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "seeds = [3]" in injected.source and f"data_dir = \"{tmp_path}\"" in injected.source
