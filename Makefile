# The two commands of the README. VENV can point elsewhere: make test VENV=.venv-ci
VENV ?= .venv
PY = $(VENV)/bin/python

.PHONY: run test install install-test

$(PY):
	python3 -m venv $(VENV)

install: $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .

install-test: $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"

# Install, then run the pipeline on the bundled sample articles in data/raw/.
run: install
	$(PY) -m pipeline run

# Install with test extras, then run the whole test suite, one worker process per core (pytest-xdist).
test: install-test
	$(PY) -m pytest -n auto
