"""``python -m hotline.cli`` — the same as the ``hotline`` command."""

from hotline.cli.main import app

app()
