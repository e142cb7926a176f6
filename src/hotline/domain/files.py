"""Attachment types: what a file's first bytes say it is, so a renamed executable is refused."""

from __future__ import annotations

# (content type, magic prefix, offset of the prefix)
_SIGNATURES: list[tuple[str, bytes, int]] = [
    ("image/jpeg", b"\xff\xd8\xff", 0),
    ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/webp", b"WEBP", 8),
    ("application/pdf", b"%PDF-", 0),
    ("audio/mpeg", b"ID3", 0),
    ("audio/wav", b"WAVE", 8),
    ("audio/x-wav", b"WAVE", 8),
    ("video/mp4", b"ftyp", 4),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04", 0),
]


def content_matches(declared: str, head: bytes) -> bool:
    """True if ``head`` (the first bytes) fits the declared type; types without a signature pass."""
    checks = [(magic, offset) for ctype, magic, offset in _SIGNATURES if ctype == declared]
    if not checks:
        return True
    if declared == "audio/mpeg" and head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return True  # MP3 frames without an ID3 tag
    return any(head[offset : offset + len(magic)] == magic for magic, offset in checks)
