# incident-brief: the HTTP API and web review page. Offline engine by default; set OPENAI_BASE_URL/OPENAI_API_KEY
# for a model. Reports go to SQLite in /data unless INCIDENT_BRIEF_DATABASE_URL names PostgreSQL (see compose.yaml,
# which runs `serve --workers 4` on PostgreSQL). Build: docker build -t incident-brief .
FROM python:3.11-slim

# WeasyPrint (PDF export) needs Pango and a font; nothing else is installed from apt.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml README.md LICENSE constraints.txt ./
COPY service ./service
COPY templates ./templates
COPY prompts ./prompts
# Pinned like CI: the versions in constraints.txt; the postgres extra (psycopg 3) and the pdf extra (WeasyPrint).
RUN pip install --no-cache-dir -c constraints.txt '.[postgres,pdf]' \
 && rm -rf /src

RUN useradd --system --uid 10001 --home-dir /data --create-home --shell /usr/sbin/nologin app
USER app
WORKDIR /data
ENV PYTHONUNBUFFERED=1 \
    INCIDENT_BRIEF_DATABASE_URL=sqlite:////data/incident-brief.db

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# One worker on SQLite; with PostgreSQL pass e.g. `serve --host 0.0.0.0 --port 8000 --workers 4` (compose.yaml does).
CMD ["incident-brief", "serve", "--host", "0.0.0.0", "--port", "8000"]
