# Two commands on a fresh machine: `make run` (demo) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
GWR := $(VENV)/bin/gwr
SHARED ?= ../shared

.PHONY: install install-test run test bench bench-100k bench-corpus gold clean

# `make run` installs gwr[all] (store, web, dask); `make test` adds the test tools (gwr[all,test])
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[all,test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: ingest the samples (and ../shared/corpus when present) into gwr.sqlite, then serve the
##      dashboard and the API on http://127.0.0.1:8000 (Ctrl-C stops it)
DB ?= gwr.sqlite
run: install
	$(GWR) ingest samples $(wildcard $(SHARED)/corpus) --db $(DB) -j 0
	$(GWR) serve --db $(DB) --port 8000

## test: lint for errors (undefined or unused names), then the whole test suite
##       (reads ../shared/corpus and ../shared/gold when present)
test: install-test
	$(PY) -m ruff check --select F,E9 src tests bench
	$(PY) -m pytest -q

## bench: issue 16's goals measured in one run (bench_goals.py), then throughput of read+split+parse,
## then of the whole extract stage (one core, all cores, start-up), with profiles, then ingest (SQLite; serial and Dask into PostgreSQL), then time and
## memory of the hostile inputs at two sizes; figures go to docs/PERFORMANCE.md
BENCH_ARGS ?= --profile --repeat 5
EXTRACT_BENCH_ARGS ?= --profile --repeat 3
STORE_BENCH_ARGS ?= --reports 10000
GROWTH_POINTS ?= 1000,10000
SCALE_BENCH_ARGS ?= --reports 10000
WRITE_BENCH_ARGS ?= --reports 1000
WEB_BENCH_ARGS ?= --clients 50 --duration 30
GOALS_BENCH_ARGS ?= --reports 2000
bench: install-test
	$(PY) bench/bench_goals.py --shared $(SHARED) $(GOALS_BENCH_ARGS)
	$(PY) bench/bench_parse.py --shared $(SHARED) $(BENCH_ARGS)
	$(PY) bench/bench_extract.py --shared $(SHARED) $(EXTRACT_BENCH_ARGS)
	$(PY) bench/bench_store.py --shared $(SHARED) $(STORE_BENCH_ARGS)
	$(PY) bench/bench_growth.py --shared $(SHARED) --points $(GROWTH_POINTS)
	$(PY) bench/bench_scale.py --shared $(SHARED) $(SCALE_BENCH_ARGS)
	$(PY) bench/bench_write.py --shared $(SHARED) $(WRITE_BENCH_ARGS)
	$(PY) bench/bench_web.py $(WEB_BENCH_ARGS)
	$(PY) bench/bench_attention.py --shared $(SHARED)
	$(PY) bench/bench_hostile.py

## bench-100k: the growth benchmark (ingest time, database size, search percentiles on SQLite and
##             PostgreSQL) at 1k, 10k and 100k generated reports, and its plot docs/store_growth.png;
##             on request only (hours, ~30 GB under /tmp; never in CI)
bench-100k: install-test
	$(PY) bench/bench_growth.py --shared $(SHARED) --points 1000,10000,100000 --corpus /tmp/gwr-bench-corpus-100k

## bench-corpus: generate ≥ 10,000 reports from the seed corpus and the samples (never committed)
##               into $(BENCH_CORPUS), with manifest.jsonl, then check 200 of them with gwr
BENCH_CORPUS ?= /tmp/gwr-bench-corpus
BENCH_CORPUS_N ?= 10000
bench-corpus: install-test
	$(PY) bench/make_corpus.py $(BENCH_CORPUS) -n $(BENCH_CORPUS_N) --shared $(SHARED) --check 200

## gold: score the seed corpus against the gold annotations (documents, facts, projects)
gold: install-test
	$(GWR) extract $(SHARED)/corpus/*.txt --format json > /tmp/gwr-pred.json
	$(PYTHON) $(SHARED)/tools/score.py docs $(SHARED)/gold /tmp/gwr-pred.json
	$(PYTHON) $(SHARED)/tools/score.py facts $(SHARED)/gold /tmp/gwr-pred.json
	$(GWR) score /tmp/gwr-pred.json --gold $(SHARED)/gold

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
