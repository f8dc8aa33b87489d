# Two commands on a fresh machine with only Python 3.11: `make run` and `make test`.
# uv is bootstrapped into .uv/ (kept apart from .venv/, which `uv sync` owns) and installs
# exactly what uv.lock pins.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
# The interpreter itself (not a pyenv shim), so uv recognises the environment it created.
PYTHON_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)')
UV_VERSION := 0.13.8
UV := .uv/bin/uv
export UV_PYTHON := $(PYTHON_EXE)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
RUN := $(UV) run --frozen --no-sync

.PHONY: install run demo test check lint format schema migration bench vendor-graphiql vendor-console clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: .venv/.synced  ## Install everything pinned in uv.lock into .venv/

run: install  ## Start everything: embedded PostgreSQL + Redis (unless DATABASE_URL/REDIS_URL), API, worker
	$(RUN) promo run

demo: install  ## Seed a demo project to explore in GraphiQL (embedded PostgreSQL unless DATABASE_URL); idempotent
	$(RUN) promo demo

test: install  ## The whole test suite (embedded servers unless TEST_DATABASE_URL/TEST_REDIS_URL)
	$(RUN) pytest

check: install  ## Fast checks: lint, format, types, schema.graphql and migrations up to date
	$(RUN) ruff check app tests benchmarks
	$(RUN) ruff format --check app tests benchmarks
	$(RUN) mypy
	$(RUN) promo schema --check
	$(RUN) promo migrate --check

format: install
	$(RUN) ruff check --fix app tests benchmarks
	$(RUN) ruff format app tests benchmarks

schema: install  ## Re-export schema.graphql from the code
	$(RUN) promo schema

migration: install  ## Generate a migration for model changes: make migration NAME=what_changed
	$(RUN) aerich migrate --name $(NAME) --offline

bench: install  ## The GraphQL floor benchmark (see benchmarks/README.md)
	$(RUN) python benchmarks/graphql_floor.py

vendor-graphiql:  ## Refresh the GraphiQL assets served by the app (needs npm)
	rm -rf .vendor-tmp && mkdir .vendor-tmp
	cd .vendor-tmp && npm pack --silent graphiql@3.8.3 react@18.3.1 react-dom@18.3.1 \
	  && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp .vendor-tmp/graphiql-3.8.3/package/graphiql.min.js .vendor-tmp/graphiql-3.8.3/package/graphiql.min.css \
	  .vendor-tmp/react-18.3.1/package/umd/react.production.min.js \
	  .vendor-tmp/react-dom-18.3.1/package/umd/react-dom.production.min.js app/static/vendor/graphiql/
	rm -rf .vendor-tmp

vendor-console:  ## Refresh the console's map assets served by the app (needs npm)
	rm -rf .vendor-tmp && mkdir .vendor-tmp
	cd .vendor-tmp && npm pack --silent leaflet@1.9.4 @geoman-io/leaflet-geoman-free@2.20.2 world-atlas@2.0.2 \
	  topojson-client@3.1.0 && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	rm -rf app/static/vendor/console && mkdir -p app/static/vendor/console/images
	cp .vendor-tmp/leaflet-1.9.4/package/dist/leaflet.js .vendor-tmp/leaflet-1.9.4/package/dist/leaflet.css \
	  .vendor-tmp/geoman-io-leaflet-geoman-free-2.20.2/package/dist/leaflet-geoman.min.js \
	  .vendor-tmp/geoman-io-leaflet-geoman-free-2.20.2/package/dist/leaflet-geoman.css \
	  .vendor-tmp/topojson-client-3.1.0/package/dist/topojson-client.min.js \
	  .vendor-tmp/world-atlas-2.0.2/package/countries-110m.json app/static/vendor/console/
	cp .vendor-tmp/leaflet-1.9.4/package/dist/images/*.png app/static/vendor/console/images/
	cp .vendor-tmp/leaflet-1.9.4/package/LICENSE app/static/vendor/console/LICENSE.leaflet
	cp .vendor-tmp/geoman-io-leaflet-geoman-free-2.20.2/package/LICENSE app/static/vendor/console/LICENSE.leaflet-geoman
	cp .vendor-tmp/world-atlas-2.0.2/package/LICENSE app/static/vendor/console/LICENSE.world-atlas
	cp .vendor-tmp/topojson-client-3.1.0/package/LICENSE app/static/vendor/console/LICENSE.topojson-client
	printf '%s\n' 'leaflet 1.9.4 (dist/leaflet.js, dist/leaflet.css, dist/images)' \
	  '@geoman-io/leaflet-geoman-free 2.20.2 (dist/leaflet-geoman.min.js, dist/leaflet-geoman.css)' \
	  'world-atlas 2.0.2 (countries-110m.json; data: Natural Earth, public domain)' \
	  'topojson-client 3.1.0 (dist/topojson-client.min.js)' 'Refresh with: make vendor-console' \
	  > app/static/vendor/console/VERSIONS
	rm -rf .vendor-tmp

clean:
	rm -rf .venv .uv .mypy_cache .ruff_cache .pytest_cache
