"The `nasbook` command as a user runs it."
import subprocess
import sys
from pathlib import Path

import nbformat

from nasbook.benchmarks import SOURCES

NASBOOK = str(Path(sys.executable).parent/"nasbook")
ROOT = Path(__file__).resolve().parent.parent


def _run(*args):
    return subprocess.run([NASBOOK, *args], capture_output=True, text=True, timeout=600)


def _one_line_error(r, *words):
    assert r.returncode == 2, (r.returncode, r.stderr[-500:])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nasbook: error:") and "Traceback" not in r.stderr, r.stderr
    for w in words: assert w in lines[0], (w, lines[0])


def test_help_lists_commands():
    r = _run("--help")
    assert r.returncode == 0 and all(c in r.stdout for c in ("data", "run", "book"))


def test_data_status(tmp_path, have_data):
    r = _run("data", "status", "--data-dir", str(tmp_path))
    assert r.returncode == 0 and f"0 of {len(SOURCES)} data files present" in r.stdout
    if have_data:
        r = _run("data", "status")
        assert f"{len(SOURCES)} of {len(SOURCES)} data files present" in r.stdout


def test_run_unknown_chapter_is_one_clear_error():
    _one_line_error(_run("run", "99"), "no unique chapter '99'")


def test_run_checks_parameter_names_and_values_before_running(tmp_path):
    _one_line_error(_run("run", "01", "-p", "mode", "bogus", "--out", str(tmp_path)), "'mode'", "quick, full, paper")
    _one_line_error(_run("run", "01", "-p", "nonexistent", "1", "--out", str(tmp_path)), "no parameter 'nonexistent'",
                    "mode, seeds, device, data_dir")
    _one_line_error(_run("run", "04", "-p", "seed", "0", "--out", str(tmp_path)), "no parameter 'seed'")   # one name everywhere: seeds
    _one_line_error(_run("run", "03", "-p", "seeds", "[-1]", "--out", str(tmp_path)), "non-negative")
    assert not list(tmp_path.iterdir()), "nothing may run before the parameters are checked"


def test_run_help_lists_a_chapters_parameters():
    r = _run("run", "05", "--help")
    assert r.returncode == 0, r.stderr
    for name in ("mode", "seeds", "device", "data_dir"): assert f"-p {name} VALUE" in r.stdout
    assert "default 'quick'" in r.stdout and '"paper"' in r.stdout


def test_every_chapter_takes_the_same_parameters():
    from nasbook.book import chapter_parameters, chapters
    for src in chapters():
        assert list(chapter_parameters(src)) == ["mode", "seeds", "device", "data_dir"], src.stem


def test_reproduce_refuses_to_replace_a_full_mode_chapter_with_a_quick_run(tmp_path):
    executed = ROOT/"book"/"executed"/"01_zero_cost_proxies.ipynb"
    before = executed.read_bytes()
    _one_line_error(_run("book", "--reproduce", "--only", "01", "--out", str(tmp_path)), "was run in full mode", "--overwrite")
    assert executed.read_bytes() == before


def test_run_chapter_with_parameters(tmp_path):
    r = _run("run", "01", "-p", "mode", "quick", "-p", "seeds", "[3]", "-p", "data_dir", str(tmp_path), "--out", str(tmp_path/"out"))
    assert r.returncode == 0, r.stderr[-2000:]
    nb = nbformat.read(tmp_path/"out"/"01_zero_cost_proxies.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "seeds = [3]" in injected.source and f"data_dir = \"{tmp_path}\"" in injected.source
