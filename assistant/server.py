"""One FastAPI application for every interface: the Gradio page at /, the JSON API under /api,
the OpenAI-compatible API under /v1, the WeChat callback at /wechat, OpenAPI docs at /docs and
health at /healthz. `python app.py` and `policy-assistant serve` run it."""

from __future__ import annotations

from fastapi import FastAPI

from .config import Settings, get_settings
from .service import AssistantService


def create_app(
    service: AssistantService | None = None, settings: Settings | None = None, *, ui: bool = True
) -> FastAPI:
    from . import __version__
    from .api import create_router, install_error_handlers, install_middlewares

    settings = settings or (service.settings if service else get_settings())
    service = service or AssistantService(settings)
    app = FastAPI(
        title="Policy Assistant",
        version=__version__,
        docs_url="/docs",
        redoc_url=None,
        description="Answers questions about Chinese government policy documents with cited clauses.",
    )
    app.state.service = service
    install_middlewares(app, settings)
    install_error_handlers(app)
    app.include_router(create_router(service, settings))
    if ui:
        from .webui import mount_ui

        app = mount_ui(app, service)  # the page at /, with its theme and the upload limit
    return app
