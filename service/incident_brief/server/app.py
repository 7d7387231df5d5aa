"""The app factory: settings, store, error mapping, routers and middleware. Routes live in server/routes/.

Refuses to build (ConfigurationError) when INCIDENT_BRIEF_API_KEYS is set but malformed: never silently open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from incident_brief import __version__
from incident_brief.engines import gateway_for
from incident_brief.settings import Settings, get_settings
from incident_brief.server import docs, signin, web, webdelivery, webreview, webupdates
from incident_brief.server.claims import Claimer
from incident_brief.server.database import is_postgres
from incident_brief.server.dispatcher import Dispatcher
from incident_brief.server.jobs import Jobs
from incident_brief.server.logs import RequestLog
from incident_brief.server.problems import BodyLimit, Unhandled, install
from incident_brief.server.routes import batches, deliveries, reports
from incident_brief.server.safety import SameOrigin, SecurityHeaders, trusted_hosts
from incident_brief.server.session import Sessions
from incident_brief.server.store import Store

RESUMED_BASE_URL = "http://localhost:8000/"  # links in resumed deliveries when INCIDENT_BRIEF_PUBLIC_URL is unset


def create_app(settings: Settings | None = None, bind_host: str | None = None) -> FastAPI:
    """`bind_host`: the address `serve` listens on, answered as a Host name besides the settings' list."""
    settings = settings or get_settings()
    sessions = Sessions(settings.key_names(), settings.session_secret and settings.session_secret.get_secret_value(),
                        settings.session_hours * 3600)  # key_names() raises on a malformed key list: fail closed
    store = Store(settings.database_url)
    gateway = gateway_for(settings)  # one for the app's life: it remembers what the endpoint accepts
    jobs = Jobs(store, gateway)
    dispatcher = Dispatcher(store, settings)  # delivery on approval (delivery/)
    claimer = Claimer(store, settings, gateway) if is_postgres(store.engine) else None  # batches, any worker

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if claimer is not None:
            claimer.start()
        await run_in_threadpool(dispatcher.resume, RESUMED_BASE_URL)  # deliveries a stopped process left unfinished
        yield
        await run_in_threadpool(jobs.shutdown)  # running drafts finish; queued ones are marked failed
        await run_in_threadpool(dispatcher.shutdown)  # waits between attempts end (recorded as failed)
        if claimer is not None:
            await run_in_threadpool(claimer.stop)

    app = FastAPI(title="incident-brief", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None,  # served by server/docs.py: local assets, behind keys when keys are set
                  description="Paste incident notes, get a faithful one-page executive report; review, edit, approve, export.")
    app.state.settings, app.state.store, app.state.jobs, app.state.gateway = settings, store, jobs, gateway
    app.state.sessions, app.state.dispatcher, app.state.claimer = sessions, dispatcher, claimer
    install(app)
    app.include_router(reports.router)
    app.include_router(batches.router)
    app.include_router(deliveries.router)

    @app.get("/healthz", summary="Liveness and database check")
    def healthz() -> dict:
        app.state.store.list(1, 0)
        return {"status": "ok", "version": __version__}

    for router in (docs.router, signin.router, web.router, webreview.router, webdelivery.router,
                   webupdates.router):
        app.include_router(router)
    # the last added runs first: request id and log -> headers -> 500s -> host check -> origin check -> body limit
    app.add_middleware(BodyLimit, limit=settings.max_input_bytes)
    app.add_middleware(SameOrigin)
    if "*" not in settings.trusted_hosts():
        app.add_middleware(trusted_hosts, hosts=settings.trusted_hosts(bind_host))
    app.add_middleware(Unhandled)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog)
    return app
