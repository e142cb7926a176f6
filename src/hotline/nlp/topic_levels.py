"""An order's topic from the two topic models: the level-1 model says which level-1 topic, the level-2 model
only how that topic's share divides among its sub-topics.

The level-1 model learns from the public corpus and from the level-1 part of every labelled order of the
centre; the level-2 model only from the centre's orders that carry a sub-topic, which in a young centre
are a few thousand (the demo's: 3,000, with sub-topics guessed from keywords). Asked alone, the level-2
model's level-1 part is much worse: with the demo's models, the level-1 topic read off its top candidate
scored a macro-F1 of 0.66 on the 448 official records, the level-1 model 0.998 (both had seen the records,
as any default training has; bench/classify.py gives the level-1 model's held-out figures). So the
probability of a sub-topic is P₁(its level-1 topic) × P₂(sub-topic) / P₂(all sub-topics of that topic):
the level-1 model's answer, divided as the level-2 model sees it. A level-1 topic the level-2 model has
no sub-topic for keeps its own probability; a sub-topic whose level-1 topic the level-1 model does not know
(a stale level-2 model beside a newer level-1 one) is left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from hotline.nlp.classifier import Candidate, Scored, TextClassifier, rounded_down
from hotline.nlp.textnorm import AnalysedText


def parent_of(label: str) -> str:
    """"城乡建设/物业管理" → "城乡建设"; a level-1 topic is its own parent."""
    return label.split("/", 1)[0]


@dataclass(frozen=True)
class TopicGuess:
    candidates: tuple[Candidate, ...]  # best first: sub-topics where the level-2 model divides a topic
    level1: dict[str, float]  # the probability of every level-1 topic (empty: no level-1 model answered)
    reasons: tuple[str, ...]  # the words that weighed most for the first candidate
    version: str  # the model versions that answered, "level1+level2"


def guess_topic(level1: TextClassifier | None, level2: TextClassifier | None, text: AnalysedText,
                top_k: int = 3, *, explain: bool = True) -> TopicGuess | None:
    """The topic candidates for one order (with the words behind the first unless ``explain`` is False);
    None when no model has anything to say about the text."""
    s1 = level1.scored(text) if level1 is not None else None
    s2 = level2.scored(text) if level2 is not None else None
    answered: list[tuple[TextClassifier, Scored]] = []
    shares: dict[str, float] = {}
    if level1 is not None and s1 is not None:
        answered.append((level1, s1))
        shares = {label: float(p) for label, p in zip(level1.classes, s1.probabilities, strict=True)}
    joint = dict(shares)
    if level2 is not None and s2 is not None:
        if shares:
            subs: dict[str, dict[str, float]] = defaultdict(dict)
            for label, q in zip(level2.classes, s2.probabilities, strict=True):
                if "/" in label and parent_of(label) in shares:
                    subs[parent_of(label)][label] = float(q)
            for topic, children in subs.items():
                total = sum(children.values())
                if total > 0:
                    share = joint.pop(topic)
                    joint.update({label: share * q / total for label, q in children.items()})
            if subs:
                answered.append((level2, s2))
        else:  # no level-1 model, or nothing it knows in the text: the level-2 model alone
            answered.append((level2, s2))
            joint = {label: float(q) for label, q in zip(level2.classes, s2.probabilities, strict=True)}
    if not joint:
        return None
    labels = list(joint)
    probs = np.fromiter(joint.values(), np.float64, len(labels))
    best = np.argsort(-probs, kind="stable")[:top_k]
    candidates = tuple(Candidate(labels[i], rounded_down(float(probs[i]))) for i in best)
    first = candidates[0].label
    _, explainer = answered[-1] if "/" in first else answered[0]  # a sub-topic comes from the level-2 model
    return TopicGuess(candidates, {k: rounded_down(v) for k, v in shares.items()},
                      explainer.reasons(first) if explain else (), "+".join(m.version for m, _ in answered))
