"""Phone numbers: normalisation for the blind index, and masking for display."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[^\d]")


def normalize_phone(raw: str) -> str:
    """Digits only, without a +86/0086 country prefix, so one caller always gets one index."""
    digits = _NON_DIGITS.sub("", raw)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix):]
    return digits


def is_plausible_phone(raw: str) -> bool:
    digits = normalize_phone(raw)
    return 5 <= len(digits) <= 15


def mask_phone(digits: str) -> str:
    """138****1234 for mobiles; keep only the last four digits of anything else."""
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]
