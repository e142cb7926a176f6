"""ASGI factory for uvicorn (``hotline.cli.asgi:create``): settings from the environment."""

from __future__ import annotations

import sys

from fastapi import FastAPI

from hotline.app import create_app
from hotline.settings import Settings


def create() -> FastAPI:
    # A thread woken to write (holding the database's writer turn) should get the interpreter soon,
    # not after the event loop's 5 ms default time slice: shorter slices cut the queue behind it.
    sys.setswitchinterval(0.0005)
    return create_app(Settings())
