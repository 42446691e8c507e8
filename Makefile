# Two commands on a fresh Debian/Ubuntu machine:
#   make        install what is missing, then build the default profile into dist/
#   make test   the same setup when needed, then the whole test suite
# A second `make` does no setup again: the virtual environment is rebuilt only when
# pyproject.toml or constraints.txt change.

# Debian's own Python: built with PGO and LTO, it starts WeasyPrint about a fifth faster
# than a plain source build of the same version.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Reproducible dates in the PDFs' metadata: the last commit that touched the profile.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct -- data 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: all build setup system-packages test-packages test lint bench previews schema constraints clean

all: build

build: setup
	$(VENV_PYTHON) build.py

setup: $(INSTALLED)

system-packages:
	@sh tools/system-packages.sh

$(INSTALLED): pyproject.toml constraints.txt | system-packages
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[test]'
	touch $@

test-packages:
	@sh tools/system-packages.sh --test

lint: setup
	$(VENV)/bin/ruff check resume tests tools build.py

test: lint test-packages
	$(VENV_PYTHON) -m pytest

bench: setup
	$(VENV_PYTHON) tools/bench.py

# The README's theme previews, after a change to a theme.
previews: setup
	$(VENV_PYTHON) tools/previews.py

# After a change to the profile format (a test fails until the committed schema matches).
schema: setup
	$(VENV)/bin/resume schema --out resume/schemas/profile.schema.json
	$(VENV)/bin/resume schema --target --out resume/schemas/target.schema.json

# After a deliberate upgrade: pin what is installed now.
constraints: setup
	{ sed -n '1,2p' constraints.txt; $(VENV_PYTHON) -m pip freeze --exclude-editable; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf dist $(VENV) .pytest_cache .ruff_cache
