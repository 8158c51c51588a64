"""The Flask app: built once by :func:`create_app` from a Settings object."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from zhiren.app.backends import Backends
from zhiren.app.errors import register_error_handlers
from zhiren.settings import Settings

STATIC_DIR = Path(__file__).parent.parent / "static"  # zhiren/static, installed with the package


def create_app(settings: Settings) -> Flask:
    """One app per settings object; store clients live in ``app.extensions['zhiren']``."""
    from zhiren.app import (
        api,
        api_entities,
        curation_api,
        curation_pages,
        i18n,
        ld,
        openapi,
        reconcile,
        security,
        sparql,
        web,
    )

    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.config["SECRET_KEY"] = settings.secret_key or secrets.token_hex(32)
    app.config["ZHIREN_SETTINGS"] = settings
    Backends(settings).init_app(app)
    app.wsgi_app = sparql.QueriesBeforeFlask(app)  # type: ignore[method-assign]  # inside security's proxy fix
    security.init_app(app, settings)
    register_error_handlers(app)
    i18n.init_app(app)
    app.register_blueprint(web.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(curation_api.blueprint)
    app.register_blueprint(curation_pages.blueprint)
    app.register_blueprint(reconcile.blueprint)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(api_entities.blueprint)
    app.register_blueprint(openapi.blueprint)
    app.register_blueprint(ld.blueprint)
    return app
