"""The API service: `uvicorn disclosure_api.app:create_app --factory` (settings from the environment)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from disclosure_api import api_routes, export_routes, review_routes
from disclosure_api.reading import StoreReader
from disclosure_api.reviews import ReviewStore
from disclosure_api.services import Services
from disclosure_shared.mongo import blob_store, connect, database
from disclosure_shared.settings import PipelineSettings

TITLE = "Disclosure pipeline read API"
VERSION = "0.1.0"


def create_app(settings: PipelineSettings | None = None) -> FastAPI:
    settings = settings or PipelineSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = connect(settings)  # pymongo's async client belongs to the serving event loop
        db = database(client, settings)
        reviews = ReviewStore(db)
        await reviews.ensure_indexes()
        app.state.services = Services(settings, StoreReader(db), reviews, blob_store(settings, db))
        try:
            yield
        finally:
            await client.close()

    app = FastAPI(
        title=TITLE,
        version=VERSION,
        description="Processed disclosures as the store holds them: lists, tables, findings, "
        "comparisons over the years, exports, reviewer marks. The review page is at /review.",
        lifespan=lifespan,
    )
    app.include_router(api_routes.router)
    app.include_router(export_routes.router)
    app.include_router(review_routes.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app
