"""All of a centre's classifiers together, loaded from a models folder (``services.models.ModelHub`` holds
the live set and asks it for an order's suggestions).

An order's text is normalised and tokenised once and shared by every model. Missing models are simply
absent from :meth:`ClassifierBundle.classify` (a new centre has none until ``hotline train``), except the appeal
type, which falls back to cue rules so registration never depends on a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotline.nlp import artifacts
from hotline.nlp.appeal_type import AppealTyper, AppealTypeResult
from hotline.nlp.classifier import Prediction, TextClassifier, share_vocabulary
from hotline.nlp.emergency_model import EMERGENCY
from hotline.nlp.textnorm import analyse, warm_up
from hotline.nlp.training import APPEAL_TYPE, MODEL_NAMES, TOPIC_LEVEL1, TOPIC_LEVEL2, UNIT


@dataclass(frozen=True)
class OrderClassification:
    topic: Prediction | None  # level 1
    topic_level2: Prediction | None
    appeal_type: AppealTypeResult
    unit: Prediction | None
    classifiable: bool  # False: no usable Chinese or Latin text at all
    emergency: Prediction | None = None  # the emergency model (``emergency_model.second_opinion`` reads it)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; absent models are None."""
        def opt(p: Prediction | None) -> dict[str, Any] | None:
            return p.as_dict() if p is not None else None

        return {"topic": opt(self.topic), "topic_level2": opt(self.topic_level2),
                "appeal_type": self.appeal_type.as_dict(), "unit": opt(self.unit), "classifiable": self.classifiable,
                "emergency": opt(self.emergency)}


@dataclass
class ClassifierBundle:
    models: dict[str, TextClassifier] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # models that could not be loaded, and why

    @classmethod
    def load(cls, models_dir: Path, names: tuple[str, ...] = MODEL_NAMES) -> ClassifierBundle:
        """The latest version of each model that exists; a damaged or incompatible one is noted, not fatal."""
        bundle = cls()
        for name in names:
            if not artifacts.available(models_dir, name):
                continue
            try:
                bundle.models[name] = model = artifacts.load(models_dir, name)
                model.warm_up()
            except artifacts.ArtifactError as exc:
                bundle.notes.append(str(exc))
        share_vocabulary(bundle.models.values())
        warm_up()
        return bundle

    def versions(self) -> dict[str, str]:
        return {name: model.version for name, model in self.models.items()}

    def classify(self, title: str, content: str) -> OrderClassification:
        """Every model's answer for one order. Never raises on any ``str``."""
        title, content = title or "", content or ""
        text = analyse(title, content)

        def run(name: str) -> Prediction | None:
            model = self.models.get(name)
            return model.predict_analysed(text) if model is not None else None

        typer = AppealTyper(self.models.get(APPEAL_TYPE))
        return OrderClassification(
            topic=run(TOPIC_LEVEL1), topic_level2=run(TOPIC_LEVEL2),
            appeal_type=typer.classify_analysed(text), unit=run(UNIT),
            classifiable=text.classifiable, emergency=run(EMERGENCY),
        )
