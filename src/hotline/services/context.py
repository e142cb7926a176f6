"""What every service needs besides the unit of work: settings and the PII cipher, built once."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hotline.services.catalogue import RuleBook
from hotline.services.gazetteers import GazetteerCache
from hotline.services.models import ModelHub
from hotline.services.pii import PiiCipher
from hotline.services.topics import TopicDirectory
from hotline.settings import Settings


@dataclass(frozen=True)
class Context:
    settings: Settings
    cipher: PiiCipher
    models: ModelHub  # loaded in the background by the app; rules answer until then
    gazetteer: GazetteerCache
    catalogue: RuleBook
    topics: TopicDirectory  # the topic directory's active entries, kept per process

    @classmethod
    def from_settings(cls, settings: Settings) -> Context:
        return cls(settings=settings, cipher=PiiCipher(settings), models=ModelHub(settings.models_dir),
                   gazetteer=GazetteerCache(), catalogue=RuleBook(), topics=TopicDirectory())

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)
