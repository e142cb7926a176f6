"""What every service needs besides the unit of work: settings and the PII cipher, built once."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hotline.services.pii import PiiCipher
from hotline.settings import Settings


@dataclass(frozen=True)
class Context:
    settings: Settings
    cipher: PiiCipher

    @classmethod
    def from_settings(cls, settings: Settings) -> Context:
        return cls(settings=settings, cipher=PiiCipher(settings))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)
