"""hotline: a platform for running a 12345 government service hotline centre."""

__version__ = "0.1.0"
