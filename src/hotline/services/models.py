"""The text models of a running process: loaded in the background, used without waiting.

``ModelHub.guess`` answers at once: with the trained models once they are loaded, with the rules
before that or when none were trained. Loading never blocks a request and a broken artifact is
logged and skipped, so a registration never waits on or fails because of a model.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotline.nlp import artifacts
from hotline.nlp.alerts import detect_alerts
from hotline.nlp.appeal_type import AppealTyper, AppealTypeResult
from hotline.nlp.bundle import ClassifierBundle
from hotline.nlp.classifier import Prediction
from hotline.nlp.emergency_model import EMERGENCY, second_opinion
from hotline.nlp.textnorm import analyse
from hotline.nlp.topic_levels import guess_topic, parent_of
from hotline.nlp.training import APPEAL_TYPE, MODEL_NAMES, TOPIC_LEVEL1, TOPIC_LEVEL2, UNIT

log = logging.getLogger(__name__)

RELOAD_SECONDS = 30.0  # how soon a running server uses what `hotline train` just wrote
SETTLE_LEVEL2_AT = 0.5  # a level-2 topic less sure than this files the order under its level-1 topic


@dataclass
class Guess:
    """Candidates for one field, best first, with where they came from."""

    candidates: list[dict[str, Any]]  # {"label", "confidence"}
    source: str  # "model", "model+rules" or "rules"
    model_version: str | None = None
    terms: list[str] = field(default_factory=list)  # the words that weighed most: the reason
    level1: dict[str, float] = field(default_factory=dict)  # a topic guess: every level-1 topic's probability

    @property
    def top(self) -> str | None:
        return str(self.candidates[0]["label"]) if self.candidates else None

    def best(self) -> tuple[str | None, float | None]:
        """(label, confidence) of the top candidate; (None, None) when there is none."""
        return (self.top, self.candidates[0]["confidence"]) if self.candidates else (None, None)

    def settled(self) -> tuple[str | None, float | None]:
        """For a topic guess, (label, confidence) to file the order under: the top candidate, unless it is
        a level-2 topic ("城乡建设/城市建设和市政管理") less likely right than wrong — then the likeliest level-1
        topic (:meth:`level1_topic`). A level-1 topic is right whenever a sub-topic under it is, so filing
        under it is less specific but never less right, and the catalogue then routes by the level-1 rule
        instead of a guessed sub-topic's."""
        top, confidence = self.best()
        if top is None or confidence is None or confidence >= SETTLE_LEVEL2_AT or "/" not in top:
            return top, confidence
        return self.level1_topic()

    def level1_topic(self) -> tuple[str | None, float | None]:
        """For a topic guess, the likeliest level-1 topic and its probability: from the level-1 model where
        it answered, else the top candidate's level-1 topic with the candidates under it (a lower bound:
        only the top three are kept)."""
        if self.level1:
            label = max(self.level1, key=self.level1.__getitem__)
            return label, self.level1[label]
        top, confidence = self.best()
        if top is None or confidence is None:
            return top, confidence
        parent = parent_of(top)
        under = sum(float(c["confidence"] or 0) for c in self.candidates if parent_of(str(c["label"])) == parent)
        return parent, round(under, 4)

    def level1_probability(self, parent: str) -> float | None:
        """For a topic guess, how likely the level-1 topic ``parent`` is (as :meth:`level1_topic` reckons)."""
        if self.level1:
            return self.level1.get(parent)
        under = [c["confidence"] for c in self.candidates if parent_of(str(c["label"])) == parent]
        return round(sum(float(c) for c in under), 4) if under and None not in under else None

    def as_payload(self) -> dict[str, Any]:
        return {"candidates": self.candidates, "source": self.source, "model_version": self.model_version,
                "terms": self.terms}


def _from_prediction(prediction: Prediction) -> Guess:
    return Guess([{"label": c.label, "confidence": round(float(c.confidence), 4)} for c in prediction.candidates],
                 "model", prediction.version, list(prediction.reasons))


def _from_appeal_type(result: AppealTypeResult) -> Guess:
    confidence = round(float(result.confidence), 4) if result.model is not None else None
    return Guess([{"label": result.appeal_type.value, "confidence": confidence}], result.source,
                 result.model.version if result.model is not None else None, list(result.reasons))


class ModelHub:
    """The latest trained models under ``models_dir``, swapped in atomically once loaded."""

    def __init__(self, models_dir: Path | None) -> None:
        self.models_dir = models_dir
        self._bundle = ClassifierBundle()  # empty: the rules answer
        self._lock = threading.Lock()
        self._loading: threading.Thread | None = None

    @property
    def versions(self) -> dict[str, str]:
        return self._bundle.versions()

    def start_loading(self) -> threading.Thread | None:
        """Load in a daemon thread (once), then pick up newly trained versions every ``RELOAD_SECONDS``;
        until the first load finishes, the rules answer."""
        with self._lock:
            if self._loading is None and self.models_dir is not None:
                self._loading = threading.Thread(target=self._watch, name="hotline-models", daemon=True)
                self._loading.start()
            return self._loading

    def _watch(self) -> None:
        # The alert detector builds its lexicon automaton and folding tables on first use (~60 ms): here,
        # not in the first registration after a start.
        detect_alerts("预热", "楼下着火了")
        seen: tuple[tuple[str, str], ...] | None = None
        while True:
            current = self.latest_versions()
            if current != seen:
                self.load()
                seen = current
            time.sleep(RELOAD_SECONDS)

    def latest_versions(self) -> tuple[tuple[str, str], ...]:
        """(name, version) of the newest model of each kind on disk."""
        if self.models_dir is None or not self.models_dir.is_dir():
            return ()
        found = []
        for name in MODEL_NAMES:
            try:
                found.append((name, artifacts.resolve(self.models_dir, name)))
            except (artifacts.ArtifactError, OSError):
                continue
        return tuple(found)

    def load(self) -> dict[str, str]:
        if self.models_dir is None:
            return {}
        try:
            bundle = ClassifierBundle.load(self.models_dir)
        except Exception:  # a broken models folder must not stop the centre
            log.exception("models under %s could not be loaded; rules answer instead", self.models_dir)
            return self.versions
        for note in bundle.notes:
            log.warning("model skipped: %s", note)
        self._bundle = bundle  # one assignment: a request sees the old set or the new one
        return self.versions

    def topics(self) -> list[str]:
        """Every topic the loaded topic models can suggest (level 2 and level 1)."""
        models = self._bundle.models
        return sorted({label for name in (TOPIC_LEVEL2, TOPIC_LEVEL1) if name in models
                       for label in models[name].classes})

    def guess(self, title: str, content: str, *, skip: frozenset[str] = frozenset(),
              explain: bool = True) -> dict[str, Guess]:
        """appeal_type always (rules without a model); topic (sub-topics where a level-2 model divides the
        level-1 model's answer, see ``topic_levels``) and unit when models exist; "emergency" when the
        emergency model gives one (``emergency_model.second_opinion``: the line, its confidence that this is
        an emergency, the words). ``skip`` names guesses not wanted (the agent already chose, the catalogue
        decides); ``explain=False`` leaves out the words behind topic, type and unit (batch labelling: a
        quarter of the time)."""
        models = self._bundle.models
        guesses: dict[str, Guess] = {}
        wanted = {"appeal_type", "topic", "unit", *(["emergency"] if EMERGENCY in models else [])} - skip
        if not wanted:
            return guesses
        text = analyse(title or "", content or "")
        emergency_model = models.get(EMERGENCY)
        if "emergency" not in skip and emergency_model is not None:
            # Nearly every appeal gets no second opinion: its words are worked out only for one that does.
            opinion = second_opinion(emergency_model.predict_analysed(text, explain=False))
            if opinion is not None:
                opinion = second_opinion(emergency_model.predict_analysed(text))
            if opinion is not None:
                guesses["emergency"] = Guess([{"label": opinion.line, "confidence": opinion.confidence}], "model",
                                             opinion.model_version, list(opinion.terms))
        if "appeal_type" not in skip:
            typer = AppealTyper(models.get(APPEAL_TYPE))
            guesses["appeal_type"] = _from_appeal_type(typer.classify_analysed(text, explain=explain))
        if "topic" not in skip:
            topic = guess_topic(models.get(TOPIC_LEVEL1), models.get(TOPIC_LEVEL2), text, explain=explain)
            if topic is not None:
                guesses["topic"] = Guess([{"label": c.label, "confidence": c.confidence} for c in topic.candidates],
                                         "model", topic.version, list(topic.reasons), topic.level1)
        unit_model = models.get(UNIT)
        if "unit" not in skip and unit_model is not None:
            prediction = unit_model.predict_analysed(text, explain=explain)
            if prediction.candidates:
                guesses["unit"] = _from_prediction(prediction)
        return guesses
