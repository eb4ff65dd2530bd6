"""Package-layout rules, checked by static analysis: `ast` over the files, nothing of nasbook is imported (fast, and safe mid-refactor)."""
from __future__ import annotations
import ast, functools, json, re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT/"nasbook"
MODIDX = PKG/"_modidx.py"  # nbdev-generated: exempt from every rule

# Layering: a module under the key (a prefix of dotted names below `nasbook.`) must not import, even lazily
# inside a function, a module under any of the listed prefixes. Lower layers stay importable and testable alone.
_APP = ("experiments", "book", "cli")
_ABOVE_SPACES = ("models", "predictors", "experiments", "search", "book", "cli")
LAYERS = {"models": _APP, "nn": _APP, "graphs": _APP, "predictors": _APP, "search": ("predictors",) + _APP,
          "spaces": _ABOVE_SPACES, "cg": _ABOVE_SPACES, "core": _ABOVE_SPACES}

# The search-space names: only the spaces and the benchmark loaders may spell them out; everywhere else they come
# from there (a constant or a `Family`), so renaming or adding a space touches one place.
SPACE_NAMES = {"nb101", "nb201", "nb301", "darts"}
SPACE_OWNERS = ("nasbook.spaces", "nasbook.benchmarks")
MAX_EXPORT_LINES = 40


def rel(path: Path) -> str: return path.relative_to(ROOT).as_posix()

def modname(path: Path) -> str:
    "Dotted module name of a file under the repo root: `nasbook/spaces/nb101.py` -> `nasbook.spaces.nb101`."
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

def under(name: str, prefix: str) -> bool: return name == prefix or name.startswith(prefix + ".")

def private(name: str) -> bool: return name.startswith("_") and not name.startswith("__")

def pkg_files() -> list[Path]: return sorted(p for p in PKG.rglob("*.py") if p != MODIDX)

@functools.cache  # each file is parsed once per run, however many rules read it
def parse(path: Path) -> ast.Module: return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

MODULES = {modname(p) for p in pkg_files()}


def fail_on(title: str, places) -> None:
    "Fail listing every offending place, (file, line[, column], what) as `file:line: what` in order, to fix all at once."
    if places := sorted(set(places)):
        pytest.fail(f"{title}:\n" + "\n".join(":".join(map(str, p[:-1])) + f": {p[-1]}" for p in places), pytrace=False)


def walk(tree: ast.AST):
    "Every node with whether it sits inside a function body (imports there run only when the function is called)."
    stack = [(tree, False)]
    while stack:
        node, in_fn = stack.pop()
        yield node, in_fn
        in_fn = in_fn or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        stack.extend((child, in_fn) for child in ast.iter_child_nodes(node))


def imported(path: Path, node: ast.Import | ast.ImportFrom):
    """(alias, nasbook module it loads, nasbook module its local name is bound to) per name of an import statement;
    None where the import is not of nasbook, or the bound name is not a module (`from nasbook.core import cached`)."""
    if isinstance(node, ast.Import):
        for a in node.names:
            if under(a.name, "nasbook"): yield a, a.name, a.name if a.asname else "nasbook"
        return
    base = node.module or ""
    if node.level:  # relative: resolved against the importing file's package (scripts outside nasbook have none)
        if not path.is_relative_to(PKG): return
        pkg = modname(path).split(".")[:None if path.name == "__init__.py" else -1]
        base = ".".join(pkg[:len(pkg) - node.level + 1] + ([node.module] if node.module else []))
    if not under(base, "nasbook"): return
    for a in node.names:  # `from pkg import sub` loads the submodule, `from mod import name` the module
        sub = f"{base}.{a.name}"
        yield (a, sub, sub) if sub in MODULES else (a, base, None)


def import_edges() -> list[tuple[str, str, int, bool, str]]:
    "(importer, imported module, line, lazy, file) for every intra-package import of nasbook/, those in functions too."
    edges = []
    for path in pkg_files():
        me = modname(path)
        for node, lazy in walk(parse(path)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges += {(me, mod, node.lineno, lazy, rel(path)) for _, mod, _ in imported(path, node) if mod != me}
    return sorted(edges)


def test_layering():
    "Lower layers never import higher ones (the LAYERS table), not even lazily."
    fail_on("forbidden imports (see LAYERS)",
            [(f, line, f"{src} imports {dst}" + (" (in a function)" if lazy else ""))
             for src, dst, line, lazy, f in import_edges()
             for low, banned in LAYERS.items() if under(src, f"nasbook.{low}")
             for high in banned if under(dst, f"nasbook.{high}")])


def top(name: str) -> str:
    "The top-level module or package a dotted name belongs to (`nasbook` itself for the package's __init__)."
    return name.split(".")[1] if "." in name else name

def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    "One cycle per back edge of a depth-first search: every cyclic graph has one, so none goes unreported."
    cycles, state, path = [], {}, []
    def visit(n):
        state[n] = "open"; path.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == "open": cycles.append(path[path.index(m):] + [m])
            elif m not in state: visit(m)
        path.pop(); state[n] = "done"
    for n in sorted(graph):
        if n not in state: visit(n)
    return cycles


def test_no_import_cycles():
    "Top-level modules/packages import each other acyclically; only an import inside a function may close a loop."
    graph, where = {}, {}
    for src, dst, line, lazy, f in import_edges():
        a, b = top(src), top(dst)
        if lazy or a == b: continue
        graph.setdefault(a, set()).add(b)
        where.setdefault((a, b), []).append(f"{f}:{line}")
    bad = [" -> ".join(c) + "\n" + "\n".join(f"    {a} -> {b}: {', '.join(where[a, b])}" for a, b in zip(c, c[1:]))
           for c in find_cycles(graph)]
    if bad: pytest.fail("import cycles (break one edge of each, e.g. by a lazy import):\n" + "\n".join(bad), pytrace=False)


def script_files() -> list[Path]:
    "The files whose imports of nasbook must stay public: the package, the timing scripts and the tests."
    return pkg_files() + sorted(p for d in ("bench", "tests") for p in (ROOT/d).rglob("*.py"))


def test_no_private_names_across_modules():
    "`_name` is its module's own business: another module, script or test that imports or reaches it pins internals."
    bad = []
    for path in script_files():
        tree, me = parse(path), modname(path) if path.is_relative_to(PKG) else None
        aliases = {}  # local name -> the nasbook module it is bound to
        for node, _ in walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)): continue
            for a, mod, bound in imported(path, node):
                if bound: aliases[a.asname or a.name.split(".")[0]] = bound
                if isinstance(node, ast.ImportFrom) and private(a.name) and mod != me:
                    bad.append((rel(path), a.lineno, f"from {'.' * node.level}{node.module or ''} import {a.name}"))

        def module_of(e):  # the nasbook module an expression like `B` or `nasbook.spaces.nb101` names, if any
            if isinstance(e, ast.Name): return aliases.get(e.id)
            if isinstance(e, ast.Attribute) and (m := module_of(e.value)) and f"{m}.{e.attr}" in MODULES:
                return f"{m}.{e.attr}"
        for node, _ in walk(tree):
            if isinstance(node, ast.Attribute) and private(node.attr) and (m := module_of(node.value)) and m != me:
                bad.append((rel(path), node.lineno, f"{ast.unparse(node)} (private name of {m})"))
    fail_on("private names used across modules", bad)


def test_space_names_only_in_spaces_and_loaders():
    "Exact string constants 'nb101', 'nb201', 'nb301', 'darts' appear only in nasbook.spaces and nasbook.benchmarks."
    bad = []
    for path in pkg_files():
        if any(under(modname(path), o) for o in SPACE_OWNERS): continue
        tree, lines = parse(path), path.read_text(encoding="utf-8").splitlines()
        # literal text of an f-string is a fragment of a longer string, not a space name on its own
        fragments = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        bad += [(rel(path), n.lineno, n.col_offset + 1, f"{n.value!r} in  {lines[n.lineno - 1].strip()[:120]}")
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and n.value in SPACE_NAMES and id(n) not in fragments]
    fail_on("search-space names spelled out outside nasbook.spaces / nasbook.benchmarks", bad)


EXPORT = re.compile(r"\s*#\s*\|\s*exporti?\b")

def first_name(src: str) -> str:
    "What an export cell defines first (function, class or assigned name), else its first line of code."
    try: body = ast.parse(src).body
    except SyntaxError: body = []
    for s in body:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): return s.name
        if isinstance(s, (ast.Assign, ast.AnnAssign)):
            return ast.unparse(s.targets[0] if isinstance(s, ast.Assign) else s.target).strip("()")
    return next((l.strip() for l in src.splitlines() if l.strip() and not l.lstrip().startswith("#")), "(no code)")

def export_cell_lengths() -> list[tuple[int, str, int, str]]:
    "(lines, notebook, cell index, first name) of every `#| export`/`#| exporti` code cell in nbs/*.ipynb, longest first."
    out = []
    for nb in sorted((ROOT/"nbs").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(nb.read_text(encoding="utf-8"))["cells"]):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "code" and EXPORT.match(src):
                out.append((len(src.splitlines()), rel(nb), i, first_name(src)))
    return sorted(out, key=lambda t: (-t[0], t[1], t[2]))


def test_export_cells_are_short():
    "An exported cell holds one readable piece of the library: at most MAX_EXPORT_LINES lines."
    cells = export_cell_lengths()
    bad = [f"{nb} cell {i}: {name}: {n} lines" for n, nb, i, name in cells if n > MAX_EXPORT_LINES]
    if bad: pytest.fail(f"export cells over {MAX_EXPORT_LINES} lines (longest first; longest of all: {bad[0]}):\n"
                        + "\n".join(bad), pytrace=False)


# A sentence end: ., ? or ! then space and a capital/code start -- except after e.g., i.e., et al., vs., cf.
SENTENCE_BREAK = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bal)(?<!\bvs)(?<!\bcf)[.?!]\s+(?=[A-Z`_])")

def docstring_problems(doc: str | None) -> list[str]:
    "Why a module docstring is not one complete sentence (nbdev shows it as the module's one-line description)."
    if doc is None: return ["no module docstring"]
    doc, why = doc.strip(), []
    if not re.match(r"[A-Z`]|_\w", doc): why.append("does not start with a capital letter or a code name")
    if not doc.endswith(".") or doc.endswith("..."):
        why.append(f"does not end with a full stop (cut off?): ...{doc[-40:]!r}")
    if "\n" in doc: why.append(f"line break in mid-sentence ({doc.count(chr(10)) + 1} lines)")
    if n := len(SENTENCE_BREAK.findall(doc)): why.append(f"{n + 1} sentences, not one")
    return why


def test_module_docstrings_are_one_sentence():
    "Every module (except _modidx.py and the package __init__.py files, which nbdev does not export) opens with a one-sentence docstring."
    bad = []
    for path in pkg_files():
        tree = parse(path)
        if path.name == "__init__.py": continue
        bad += [(rel(path), 1, why) for why in docstring_problems(ast.get_docstring(tree))]
    fail_on("module docstrings that are not one complete sentence", bad)
