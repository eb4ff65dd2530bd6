"The rendered book and the executed chapters: tables, statuses, the summary page, clean pages."
import io
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from nasbook import book

ROOT = Path(__file__).resolve().parent.parent
EXECUTED = sorted((ROOT/"book"/"executed").glob("*.ipynb"))
IMG = r"<img[^>]+src=\"[^\"]+\.png\""


def _html(built_book, name):
    return (built_book/"book"/"chapters"/f"{name}.html").read_text()


def _run_without_data(tmp_path, chapter):
    "Run `chapter` in quick mode against an empty data dir: (the dir, its printed text); no cell may error."
    empty = tmp_path/"nodata"; empty.mkdir()
    out = book.run_chapter(book.find_chapter(chapter), tmp_path/f"{chapter}.ipynb", {"mode": "quick", "data_dir": str(empty)})
    nb = nbformat.read(out, as_version=4)
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert str(tmp_path) not in text, "a page printed a path of this machine"
    return empty, text


# --- the intro and the summary page ---------------------------------------------------------------------------

def test_intro_tells_which_data_and_where_to_get_it(built_book):
    html = (built_book/"book"/"intro.html").read_text()
    assert "nats_tss_acc200.csv" in html and "<table" in html and "on this machine" in html
    assert "inconclusive" in html and "0.03" in html and "paper" in html   # the vocabulary and its tolerances


def test_summary_page_renders_every_paper_and_catalogue_item(built_book):
    html = (built_book/"book"/"summary.html").read_text()
    assert "How much is reproduced" in html
    for name in book.PAPERS.values():
        if not name.endswith("ch. 1"): assert name in html, name     # ch. 1 of the dissertation has figures only
    # every catalogued item: parsed here independently of book.catalogue
    cat = (ROOT/"book"/"paper_tables"/"CATALOGUE.md").read_text().split("## Hyperparameters")[0]
    ids = re.findall(r"^\| ((?:Table|Figure) [\d.]+) \|", cat, re.M)
    assert len(ids) == 43 + 62
    s = book.summary(EXECUTED)
    assert len(s["items"]) == len(ids) + len(list((ROOT/"book"/"paper_tables").glob("*_intext.csv")))
    assert s["items"].status.map(lambda x: x == "covered" or book.status_kind(x) in book.STATUSES).all()


def _cells_of(path):
    "The comparison cells an executed chapter displayed, read from its JSON outputs (not via nasbook.book)."
    nb = json.loads(Path(path).read_text())
    return [dict(table=o["data"][book.CELLS_MIME]["table"], **c) for cell in nb["cells"] for o in cell.get("outputs", [])
            if book.CELLS_MIME in (o.get("data") or {}) for c in o["data"][book.CELLS_MIME]["cells"]]


@pytest.mark.skipif(not EXECUTED, reason="no executed chapters")
def test_summary_totals_recomputed_from_the_executed_chapters():
    "Per paper: unique printed numbers by measured status, recounted here from the notebooks' JSON."
    best = {}
    for p in EXECUTED:
        for c in _cells_of(p):
            if not c["counted"]: continue
            key = book.printed_number(c["table"], c["row"], c["column"])
            word = c["status"].split(":")[0]
            measured = word in ("reproduced", "inconclusive", "differs")
            if key not in best or (measured and not best[key][1]): best[key] = (word, measured)
    papers = {}
    for (table, _, _), (word, measured) in best.items():
        if measured: papers.setdefault(table.rsplit("_table", 1)[0].replace("_intext", ""), []).append(word)
    s = book.summary(EXECUTED)["papers"]
    for paper, words in papers.items():
        for w in ("reproduced", "inconclusive", "differs"):
            assert s.loc[paper, w] == words.count(w), (paper, w)
    # every printed number of every paper table, once
    n = len({book.printed_number(p.stem, r, c) for p in (ROOT/"book"/"paper_tables").glob("*.csv")
             for r, c in pd.read_csv(p, dtype=str, keep_default_na=False)[["row", "column"]].itertuples(index=False)})
    assert s["printed numbers"].sum() == n


# --- executed chapters stay honest ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.stem)
def test_executed_chapter_is_clean_and_concludes(path):
    assert book.output_problems(path) == []
    nb = json.loads(path.read_text())
    heads = [l for c in nb["cells"] if c["cell_type"] == "markdown" for l in "".join(c["source"]).splitlines() if l.startswith("#")]
    assert re.match(r"#+\s*Conclusion", heads[-1]), f"the last section is {heads[-1]!r}"
    rec = book.notebook_record(path)
    assert rec["provenance"] and rec["provenance"]["params"]["mode"] == "full" and rec["provenance"]["modules"]
    assert rec["provenance"]["data"], "provenance lists no data files"


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.stem)
def test_displayed_paper_values_are_the_csv_strings(path):
    "Every 'paper' cell a comparison table shows is the CSV's string (value ± std), character for character."
    nb = json.loads(path.read_text())
    seen = 0
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            data = o.get("data") or {}
            if book.CELLS_MIME not in data: continue
            csv = pd.read_csv(ROOT/"book"/"paper_tables"/f"{data[book.CELLS_MIME]['table']}.csv", dtype=str, keep_default_na=False)
            printed = {(r, c): v + (f" ± {s}" if s else "") for r, c, v, s in zip(csv.row, csv.column, csv.value, csv["std"])}
            html = "".join(data["text/html"])
            for shown in pd.read_html(io.StringIO(html), converters={"paper": str, "row": str, "column": str}, keep_default_na=False):
                if "paper" not in shown: continue
                for r, c, v in zip(shown.row, shown.column, shown.paper):
                    assert printed[(r, c)] == v, (r, c, v, printed[(r, c)]); seen += 1
    assert seen > 0


# --- the chapters in the rendered book (quick mode in CI) -----------------------------------------------------

def test_built_pages_have_no_warnings_tracebacks_or_local_paths(built_book):
    for page in built_book.rglob("*.html"):
        if "_static" in page.parts or "genindex" in page.name or "search" in page.name: continue
        text = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text(), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        assert "Traceback (most recent call last)" not in text, page
        assert not re.search(r"\w+Warning\b", text), (page, re.search(r".{60}\w+Warning\b.{60}", text))
        assert not re.search(r"(?<![\w.])(?:/root/|/home/|/work/|/tmp/)|site-packages|\.venv\b", text), page
        assert not re.search(r"\d+%\|", text), f"progress bar in {page}"


def test_chapter1_tables_and_heatmaps(built_book, have_data):
    html = _html(built_book, "01_zero_cost_proxies")
    assert "Han et al., Table 1" in html and "GENNAPE, Table 1" in html and "TG-NAS, Table 3" in html
    if have_data:
        for word in ("Synflow", "NB-301", "Kendall", "reproduced", "differs [1]", "95% CI", "Conclusion",
                     "Agreement with NAS-Bench-Suite-Zero", "ours vs ours, reseeded", "Zen-score (NAS-Bench-Suite-Zero zen run)", "live (ours)",
                     "stored (suite)", "What a proxy costs", "TG-NAS predictor (chapter 3)", "Our proxies against the suite"):
            assert word in html, word
        assert re.search(r"0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]", html) is None   # intervals have their own column now
        assert len(re.findall(IMG, html)) >= 4                              # three heat-maps + the interval plot
    else:
        assert "needs data:" in html


def test_chapter1_without_data_says_needs_data(tmp_path):
    "A missing data dir gives 'needs data' cells, not a crash (papermill raises on any cell error)."
    _, text = _run_without_data(tmp_path, "01")
    assert "needs data: suite_zero/zc_nasbench101.json" in text and "needs data: nb201/nats_tss_acc200.csv" in text


def test_chapter2_tables_and_figures(built_book, have_data):
    html = _html(built_book, "02_computation_graphs")
    assert "Table 5" in html and "relu, conv, conv, bn, relu, conv, conv, bn" in html
    assert "params equal" in html and "nodes mean" in html
    if have_data:
        assert html.count("reproduced") >= 14 and "n/a: NB301 genotypes contain no zeroize op" in html
        assert len(re.findall(IMG, html)) >= 4


def test_chapter2_without_data_says_needs_data(tmp_path):
    _, text = _run_without_data(tmp_path, "02")
    assert "needs data: nb101/" in text and "needs data: suite_zero/" in text


def test_chapter3_tables_and_figures(built_book, have_data):
    html = _html(built_book, "03_tg_nas")
    for title in ("Table 2", "Fig. 2", "Fig. 4", "Table 3", "Table 4", "Unseen operators", "Conclusion"):
        assert title in html
    if have_data:
        for word in ("all-mpnet-base-v2", "MiniLM-L6-v2-64", "Kendall", "TG-NAS (ours)", "Ground Truth", "nor_conv_3x3",
                     "Embedding Size", "n/a: a baseline the paper quotes"):
            assert word in html, word
        assert "needs data: all-mpnet" not in html
        assert re.search(r"scored 15625 NB201 cells in \d+\.\d\d s", html)
        assert "needs data: ImageNet training" in html
        assert len(re.findall(IMG, html)) >= 5
    else:
        assert "needs data:" in html


def test_chapter3_without_data_says_needs_data(tmp_path):
    _, text = _run_without_data(tmp_path, "03")
    assert "needs data: nb101/" in text and "needs data: suite_zero/" in text


def test_chapter4_tables_and_figures(built_book, have_data):
    html = _html(built_book, "04_transferable_cl")
    assert "Table 1" in html and "HanConfig" in html and "Conclusion" in html
    if have_data:
        for word in ("CL-fine-tune", "GNN-fine-tune", "NAS-Bench-301 | SRCC", "Synflow", "contrastive loss per epoch",
                     "holds on"):
            assert word in html, word
        assert re.search(r"-?0\.\d{3} ± 0\.\d{3}", html), "no 'ours' value with a std over fine-tuning runs"
        assert "does not measure this cell" not in html
        assert len(re.findall(IMG, html)) >= 1
    else:
        assert "needs data:" in html


def test_chapter4_without_data_says_needs_data(tmp_path):
    _, text = _run_without_data(tmp_path, "04")
    assert "needs data: nb101/" in text


def test_chapter5_tables_and_figures(built_book, have_data):
    html = _html(built_book, "05_gennape")
    for title in ("Table 3", "Table 4", "Tables 5 and 8", "Table 9", "Tables 6 and 10", "Fig. 5", "hand-written", "Conclusion"):
        assert title in html
    if have_data:
        for word in ("CL+FCM+T", "NB-201 w/ FT", "GENNAPE | NDCG@50", "needs data: GENNAPE's HiAML family",
                     "not built yet: TNASP", "NPN", "BANANAS", "ResNet-style", "GENNAPE rank", "cells not measured here"):
            assert word in html, word
        assert "does not measure this cell" not in html
        assert len(re.findall(IMG, html)) >= 2
    else:
        assert "needs data:" in html


def test_chapter5_without_data_says_needs_data(tmp_path):
    _, text = _run_without_data(tmp_path, "05")
    assert "needs data: nb101/" in text


def test_chapter6_tables_and_figures(built_book, have_data):
    html = _html(built_book, "06_neural_predictor")
    for title in ("Fig. 3", "Fig. 4", "Fig. 6", "Fig. 7", "in-text numbers", "Tables 2 and 3", "Conclusion"):
        assert title in html, title
    if have_data:
        for word in ("regularized evolution", "Neural Predictor (two-stage)", "local search", "false-negative rate",
                     "needs data: NB101 test accuracies", "needs data: NAS-Bench-301 surrogate",
                     "Synflow", "NAS-Bench-201 | Rank", "mutations_leaving"):
            assert word in html, word
        assert "does not measure this cell" not in html
        assert len(re.findall(IMG, html)) >= 4
    else:
        assert "needs data:" in html


def test_chapter6_without_data_says_needs_data(tmp_path):
    _, text = _run_without_data(tmp_path, "06")
    assert "needs data: nb101/" in text


def test_chapter7_tables_and_figures(built_book, have_data):
    html = _html(built_book, "07_arch2vec")
    for title in ("Table 3.1", "Fig. 3.2", "Fig. 3.3", "Fig. 3.4", "Figs. 3.5, 3.8-3.10", "Table 3.2 and Fig. 3.6", "Table 3.3",
                  "Tables 3.4-3.5", "Conclusion"):
        assert title in html, title
    if have_data:
        for word in ("arch2vec (w.o. KL)", "VGAE", "NAS-Bench-201 | Validity", "DARTS | Uniqueness", "KL x 0.03125",
                     "arch2vec-RL", "BO (ours)", "CIFAR-100 | test", "not built yet: BOHB", "needs data: training: 100 DARTS",
                     "n/a: literature value", "mean edit distance between consecutive cells", "Spearman correlation"):
            assert word in html, word
        assert "does not measure this cell" not in html
        assert len(re.findall(IMG, html)) >= 4
    else:
        assert "needs data:" in html


def test_chapter7_without_data_says_needs_data(tmp_path):
    _, text = _run_without_data(tmp_path, "07")
    assert "needs data: nb101/" in text
