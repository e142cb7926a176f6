"""ASGI factory for uvicorn (``hotline.cli.asgi:create``): settings from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from hotline.app import create_app
from hotline.settings import Settings


def create() -> FastAPI:
    return create_app(Settings())
