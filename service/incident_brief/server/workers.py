"""`serve --workers N`: N uvicorn worker processes on one listening socket, each with its own app, store engine and
claim threads (uvicorn's supervisor restarts a worker that dies). Only on a database every process can share safely
(PostgreSQL); SQLite refuses more than one worker.

The config crosses into each spawned worker by pickling, so it carries the settings, never the app: the app and
its guarded protocol class are built in the worker (load_app, load)."""

from __future__ import annotations

import secrets

import uvicorn
from pydantic import SecretStr
from uvicorn.supervisors import Multiprocess

from incident_brief.errors import ConfigurationError
from incident_brief.settings import Settings
from incident_brief.server.limits import config_options, protocol_for


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse N > 1 worker processes on SQLite (each would queue on one file's write lock, batches would not move
    between them, and a dead worker's batch is only recovered as interrupted)."""
    from sqlalchemy.engine import make_url

    if workers > 1 and make_url(settings.database_url).get_backend_name() != "postgresql":
        raise ConfigurationError(f"--workers {workers} needs PostgreSQL (INCIDENT_BRIEF_DATABASE_URL=postgresql://...); "
                                 "SQLite serves one worker process")


class WorkerConfig(uvicorn.Config):
    def __init__(self, settings: Settings, host: str, port: int, workers: int):
        self.settings, self.bind_host = settings, host
        super().__init__("incident_brief.server.app:create_app", host=host, port=port, workers=workers,
                         **config_options(settings))

    def load(self) -> None:
        from incident_brief.server.logs import configure

        configure(burst=self.settings.log_burst)  # the JSON request log, in this worker too
        self.http = protocol_for(self.settings)
        super().load()

    def load_app(self):
        from incident_brief.server.app import create_app

        return create_app(self.settings, bind_host=self.bind_host)


def serve_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """Run the workers until stopped. Without INCIDENT_BRIEF_SESSION_SECRET one random secret is drawn here and shared,
    so a web session signed by one worker is valid on the others (it still changes with each start)."""
    if settings.session_secret is None:
        settings = settings.model_copy(update={"session_secret": SecretStr(secrets.token_urlsafe(32))})
    config = WorkerConfig(settings, host, port, workers)
    Multiprocess(config, sockets=[config.bind_socket()]).run()
