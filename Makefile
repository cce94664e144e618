# newsdesk: `make serve` runs the service with the seed articles, `make test` runs the suite.
# Both create the virtual environment from the hashed lock file on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
SHARED ?= ../shared

.PHONY: install serve test lint openapi bench bench-scale load eval eval-entities eval-quotes eval-html eval-records clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements-pip.lock requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-pip.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

serve: install
	$(BIN)/newsdesk db upgrade
	$(BIN)/newsdesk ingest seeds/
	PORT=$(PORT) $(BIN)/newsdesk serve

# The suite on SQLite; then again on PostgreSQL when NEWSDESK_TEST_DATABASE_URL is set.
test: install
	NEWSDESK_TEST_DATABASE_URL= $(BIN)/pytest
	@if [ -n "$$NEWSDESK_TEST_DATABASE_URL" ]; then \
		echo "== the suite on PostgreSQL"; $(BIN)/pytest; fi

lint: install
	$(BIN)/ruff check .

openapi: install
	$(BIN)/newsdesk openapi write openapi.yaml

# Ingestion against spaCy's own nlp.pipe; serving over HTTP against a bare Flask endpoint.
bench: install
	$(BIN)/python -m benchmarks.ingest --shared $(SHARED)
	$(BIN)/python -m benchmarks.http
	$(BIN)/python -m benchmarks.formats --shared $(SHARED)
	$(BIN)/python -m benchmarks.export --shared $(SHARED)

bench-scale: install
	$(BIN)/python -m benchmarks.scale

# Load and faults (issue 11): 64 connections of reads for 30 s with 8 writers, kill -9 during
# ingest, on SQLite and on PostgreSQL (LOAD_PG_URL, emptied first); a PostgreSQL outage on a
# throwaway cluster (15/fault, port 5444, made if absent). Loopback only; exits 1 on a failure.
LOAD_PG_URL ?= postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/nd_load
load: install
	$(BIN)/python -m benchmarks.load --pg-url $(LOAD_PG_URL)

# Each article's entity list, as the API serves it, scored by the shared scorer (unchanged) on
# the GUM dev documents, the held-out ones and all of them (split: api/evaluation/holdout.py).
EVAL_OUT ?= build/eval
eval-entities: install
	$(BIN)/newsdesk eval entities --gold $(SHARED)/gold/ner-gum --shared-format $(EVAL_OUT) >/dev/null
	@for split in dev held-out all; do printf '%-9s ' $$split; \
		$(BIN)/python $(SHARED)/eval/score_entities.py $(EVAL_OUT)/entities-gold-$$split.jsonl \
			$(EVAL_OUT)/entities-pred.jsonl; done

# Quotes as the API serves them, scored by the shared scorer (unchanged) on the Gender Gap
# Tracker dev articles, the held-out ones and all of them.
eval-quotes: install
	$(BIN)/newsdesk eval quotes --gold $(SHARED)/gold/quotes-ggt --shared-format $(EVAL_OUT) >/dev/null
	@for split in dev held-out all; do echo "== quotes: $$split"; \
		$(BIN)/python $(SHARED)/eval/score_quotes.py $(EVAL_OUT)/quotes-gold-$$split.jsonl \
			$(EVAL_OUT)/quotes-pred.jsonl; done

# Speaker records across an archive: the Gender Gap Tracker texts ingested into a temporary
# SQLite, served on a free loopback port of EVAL_PORTS, scored by the shared
# score_speaker_records.py (unchanged) on the dev articles, the held-out ones and all.
EVAL_PORTS ?= 8600-8699
eval-records: install
	$(BIN)/newsdesk eval records --gold $(SHARED)/gold/quotes-ggt --ports $(EVAL_PORTS)

# HTML pages: newsdesk's reader, then trafilatura alone, scored by the shared score_html.py
# (unchanged) on the dev pages, the held-out ones and all of them; pred rows in $(EVAL_OUT).
eval-html: install
	@mkdir -p $(EVAL_OUT)
	$(BIN)/newsdesk eval html --corpus $(SHARED)/corpus/html --pred $(EVAL_OUT)/html-pred.jsonl
	$(BIN)/newsdesk eval html --corpus $(SHARED)/corpus/html --system trafilatura

# Every extraction figure of the shared scorers, per split.
eval: eval-entities eval-quotes eval-html eval-records

clean:
	rm -rf $(VENV) instance .pytest_cache
