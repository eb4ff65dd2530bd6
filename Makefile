# Two entry points for a fresh machine: `make book` and `make test` (README).
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv book test sync-check reproduce clean

venv: $(STAMP)

# torch first and pinned: 2.13.0 is the CPU build on disk; anything unpinned would pull a CUDA build.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e ".[book,dev,mpnet]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (nasbook)" >/dev/null
	touch $(STAMP)

# Build the HTML book: chapters reproduced in full mode come from book/executed/, the rest run now in quick mode.
book: $(STAMP)
	$(BIN)/nasbook book --out _build

# nasbook/ must be exactly what nbdev_export makes of nbs/.
sync-check: $(STAMP)
	@rm -rf _build/sync && mkdir -p _build/sync && cp -r nasbook _build/sync/before
	@$(BIN)/nbdev_export
	@if diff -r -x __pycache__ _build/sync/before nasbook >/dev/null; then echo "nasbook/ is in sync with nbs/"; \
	 else diff -r -x __pycache__ _build/sync/before nasbook | head -40; \
	      echo "ERROR: nasbook/ was out of sync with nbs/ - run nbdev_export and commit nasbook/"; exit 1; fi

test: sync-check
	$(BIN)/nbdev_test --flags ""
	$(BIN)/pytest -q

# Every chapter in full mode (GPU if present) into book/executed/.
reproduce: $(STAMP)
	$(BIN)/nasbook book --mode full --reproduce --out _build

clean:
	rm -rf _build
