"""Persistence: SQLAlchemy models, engine, unit of work and the search index."""
