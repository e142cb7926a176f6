"""Order numbers (prefix + yyyymmdd + sequence) and the citizen's lookup code."""

from __future__ import annotations

from datetime import date

# No 0/O/1/I/L: a citizen reads the code over the phone.
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_LENGTH = 8


def sequence_scope(prefix: str, day: date) -> str:
    return f"{prefix}{day:%Y%m%d}"


def format_order_number(prefix: str, day: date, sequence: int) -> str:
    return f"{sequence_scope(prefix, day)}{sequence:06d}"


def lookup_code_from(random_bytes: bytes) -> str:
    """A lookup code from ``LOOKUP_LENGTH`` random bytes (the caller supplies the randomness)."""
    return "".join(LOOKUP_ALPHABET[b % len(LOOKUP_ALPHABET)] for b in random_bytes[:LOOKUP_LENGTH])
