"""The app factory: settings, store, error mapping, routers and middleware. Routes live in server/routes/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from incident_brief import __version__
from incident_brief.engines import gateway_for
from incident_brief.settings import Settings, get_settings
from incident_brief.server import web
from incident_brief.server.jobs import Jobs
from incident_brief.server.logs import RequestLog
from incident_brief.server.problems import BodyLimit, install
from incident_brief.server.routes import batches, reports
from incident_brief.server.store import Store


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    store = Store(settings.database_url)
    gateway = gateway_for(settings)  # one for the app's life: it remembers what the endpoint accepts
    jobs = Jobs(store, gateway)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(jobs.shutdown)  # running drafts finish; queued ones are marked failed

    app = FastAPI(title="incident-brief", version=__version__, lifespan=lifespan,
                  description="Paste incident notes, get a faithful one-page executive report; review, edit, approve, export.")
    app.state.settings, app.state.store, app.state.jobs, app.state.gateway = settings, store, jobs, gateway
    install(app)
    app.include_router(reports.router)
    app.include_router(batches.router)

    @app.get("/healthz", summary="Liveness and database check")
    def healthz() -> dict:
        app.state.store.list(1, 0)
        return {"status": "ok", "version": __version__}

    app.include_router(web.router)
    app.add_middleware(BodyLimit, limit=settings.max_input_bytes)
    app.add_middleware(RequestLog)
    return app
