# Two commands for a newcomer:  `make lab` (install + open JupyterLab on the notebooks)
#                               `make test` (install + run the whole test suite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# CPU build of PyTorch. On machines without a local wheel, pip takes it from PyPI; add
# `--index-url https://download.pytorch.org/whl/cpu` to TORCH_SPEC to avoid the CUDA build.
TORCH_SPEC ?= torch==2.13.0

.PHONY: install lab playground test test-fast lint benchmarks clean binder-pins

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install $(TORCH_SPEC)
	$(BIN)/pip install -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

install: $(VENV)/.installed

# JupyterLab refuses to start as root (containers, cloud shells) unless told it is intended.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: install  ## open JupyterLab on the notebook sequence (on 127.0.0.1)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(ROOT_FLAG) notebooks/00-start-here.ipynb

playground: install  ## the Playground as a standalone workshop app (Voila)
	$(BIN)/qnnlab playground

test: install  ## the whole suite: unit tests, notebooks, browser tests
	$(BIN)/ruff check qnnlab tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=30

test-fast: install  ## unit tests only (no notebooks, no browser)
	$(BIN)/python -m pytest -n 2 -m "not notebooks and not browser"

benchmarks: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

binder-pins: install  ## freeze exact runtime versions for mybinder.org (no test-only packages)
	( echo "# Exact versions for mybinder.org (repo2docker), frozen from a working environment."; \
	  echo "# Regenerate with: make binder-pins. qnnlab itself is installed by binder/postBuild."; \
	  echo "--extra-index-url https://download.pytorch.org/whl/cpu"; \
	  $(BIN)/pip freeze --exclude-editable | grep -viE '^(qnnlab|hypothesis|playwright|pyee|greenlet|pytest|pytest-timeout|pytest-xdist|execnet|iniconfig|pluggy|ruff|sortedcontainers)==' \
	) > binder/requirements.txt
