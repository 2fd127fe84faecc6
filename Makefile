# `make run`: set everything up and serve the chat page over the bundled sample article.
# `make test`: set everything up, type-check, and run the whole test suite.
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test browser bench
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU torch first: letting another package pull torch brings a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[web,slack,dev,train]'
	touch $@

# Browser tests drive Debian's Chromium through Playwright; Playwright's own browser download is never used.
browser:
	@test -x /usr/bin/chromium || { $$(command -v sudo) apt-get update -qq && $$(command -v sudo) apt-get install -y -qq chromium; }

run: setup
	$(VENV)/bin/verbatim chat

test: setup browser
	$(PY) -m mypy
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/ingest.py && $(PY) benchmarks/xquad.py
