# One image for the API, the worker and migrations: PROMO_PROCESS=serve (default) | worker | migrate.
FROM python:3.11-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /srv
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY app ./app
COPY migrations ./migrations
RUN uv sync --frozen --no-dev

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 promo
WORKDIR /srv
COPY --from=build --chown=promo:promo /srv /srv
ENV PATH="/srv/.venv/bin:$PATH" \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/home/promo/data \
    PROMO_PROCESS=serve
USER promo
EXPOSE 8000
# The API process: PostgreSQL and Redis reachable (?worker=0: a missing worker is reported by /healthz to
# readiness checks and alerts, but restarting the API would not bring it back). Workers serve no HTTP;
# their heartbeats appear in the API's /healthz.
HEALTHCHECK --interval=10s --timeout=3s CMD [ "$PROMO_PROCESS" != serve ] || python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz?worker=0')" || exit 1
CMD ["sh", "-c", "exec promo \"$PROMO_PROCESS\""]
