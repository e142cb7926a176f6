"""What ``hotline train`` learns from the centre's own history, besides the public data folder.

Labels come from people: the topic and appeal type of orders registered without suggestions (older
or imported history) or confirmed/corrected since (``classification_feedback``), and the lead unit
of every dispatched order — a dispatcher's decision. Labels the platform filled in itself and nobody
confirmed are left out, so the models do not learn from their own guesses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from hotline.db.models import ClassificationFeedback, Order, OrderSuggestion, Unit
from hotline.db.uow import Database
from hotline.domain.enums import ClassifiedField, OrderStatus
from hotline.nlp.classifier import Sample
from hotline.nlp.training import TrainingReport, train_all

# The newest orders. On two cores 10,000 of them made a run 472 s (a model per topic level, with many
# labels, is trained twice: held out for the metrics, then on everything), over the five-minute budget;
# 3,000 keep it within (`hotline train --history-limit` changes it on a bigger machine).
MAX_HISTORY = 3_000
MAX_CONTENT_CHARS = 2000


def history_samples(session: Session, *, limit: int = MAX_HISTORY) -> dict[str, list[Sample]]:
    """Samples per task ("topic", "appeal_type", "unit") from the orders people labelled."""
    confirmed = {field: select(ClassificationFeedback.order_id).where(ClassificationFeedback.field == field)
                 for field in (ClassifiedField.TOPIC, ClassifiedField.APPEAL_TYPE)}
    unsuggested = ~exists().where(OrderSuggestion.order_id == Order.id)
    rows = session.execute(
        select(Order.id, Order.title, Order.content, Order.topic, Order.appeal_type, Unit.code,
               unsuggested.label("unsuggested"),
               Order.id.in_(confirmed[ClassifiedField.TOPIC]).label("topic_confirmed"),
               Order.id.in_(confirmed[ClassifiedField.APPEAL_TYPE]).label("type_confirmed"))
        .outerjoin(Unit, Unit.id == Order.lead_unit_id)
        .where(Order.status != OrderStatus.VOIDED)
        .order_by(Order.accepted_at.desc()).limit(limit)
    ).all()
    samples: dict[str, list[Sample]] = {"topic": [], "appeal_type": [], "unit": []}
    for row in rows:
        content = (row.content or "")[:MAX_CONTENT_CHARS]
        if row.topic and (row.unsuggested or row.topic_confirmed):
            samples["topic"].append(Sample(row.title or "", content, row.topic))
        if row.unsuggested or row.type_confirmed:
            samples["appeal_type"].append(Sample(row.title or "", content, row.appeal_type.value))
        if row.code:
            samples["unit"].append(Sample(row.title or "", content, row.code))
    return samples


def train_models(db: Database | None, *, data_dir: Path | None, models_dir: Path,
                 progress: Callable[[str, float], None] | None = None,
                 history_limit: int = MAX_HISTORY) -> tuple[TrainingReport, dict[str, int]]:
    """Train every model from the data folder and (when given a database) the centre's history."""
    extra: dict[str, list[Sample]] = {}
    if db is not None:
        with db.uow(write=False) as uow:
            extra = history_samples(uow.session, limit=history_limit)
    counts = {task: len(samples) for task, samples in extra.items()}
    folder = data_dir if data_dir is not None else Path("/nonexistent-data-folder")
    return train_all(folder, models_dir, extra_samples=extra, progress=progress), counts
