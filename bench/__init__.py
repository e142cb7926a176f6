"""Benchmarks of the hotline platform against the targets of the performance issue.

Run ``.venv/bin/python -m bench`` (see ``bench/__main__.py``). Modules: ``register`` (HTTP order
registration under load), ``lists`` (list-page latency at a million orders), ``loadgen`` (wrk or an
asyncio client), ``server`` (``hotline serve`` in a subprocess), ``loader``/``dataset``/``corpus``
(generated orders, bulk-loaded and cached in ``bench/.cache/``), ``pg`` (a PostgreSQL to run on).
"""
