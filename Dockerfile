# Dateline in a container: the token comes from the environment, the corpus and the index
# live on volumes, and the process runs as an unprivileged user.
#
#   docker build -t dateline .
#   docker run -e DISCORD_TOKEN=... -v "$PWD/my-corpus:/data/corpus:ro" \
#              -v dateline-index:/data/var dateline

# Build stage: a wheel with the extractor and the snippet maker compiled by mypyc (setup.py),
# which needs a C compiler that the running image does not.
FROM python:3.11-slim AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 dateline

# The package and its pinned dependencies (pyproject.toml). No source tree in /app, so
# `python -m bot` runs the installed, compiled package.
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels
WORKDIR /app

# The bundled sample corpus is the default; mount your own folder over /data/corpus.
COPY data/corpus /data/corpus
RUN printf '[corpus]\npath = "/data/corpus"\n[storage]\ndatabase = "/data/var/dateline.db"\n' \
        > /app/config.toml \
    && mkdir -p /data/var && chown -R dateline:dateline /data

USER dateline
VOLUME ["/data/corpus", "/data/var"]

# Healthy while the running bot keeps its heartbeat file fresh (it writes it every 30 s
# while connected to Discord).
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "-m", "bot", "--config", "/app/config.toml", "health"]

CMD ["python", "-m", "bot", "--config", "/app/config.toml", "run"]
