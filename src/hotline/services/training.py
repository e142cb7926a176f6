"""What ``hotline train`` learns from the centre's own history, besides the public data folder.

Labels come from people: the topic and appeal type of orders registered without suggestions (older
or imported history) or confirmed/corrected since (``classification_feedback``), and the lead unit
of every dispatched order — a dispatcher's decision (or, after a return upheld, the centre's re-dispatch; an
order its unit is returning teaches no unit). A dispatch to the government of the order's own district, street
or community is learned as that territorial level (属地, ``domain.catalogue.unit_label``): the words tell a
district matter, the place tells which district. Labels the platform filled in itself and nobody
confirmed are left out, so the models do not learn from their own guesses.

For the emergency model, the agents' word: a transfer marked as an emergency teaches its line (110/119/120/
122), one marked as not an emergency teaches "none" (the 12345–110 linkage hands over non-urgent police
matters too, so a transfer alone says nothing). So does an order the platform flagged (a rule's alert or the
model's second opinion) that an agent then handled as an ordinary appeal: the false alarms of the centre's
own callers, the examples the hand-written calls lack most.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from hotline.db.models import ClassificationFeedback, Order, OrderEvent, OrderSuggestion, Unit
from hotline.db.uow import Database
from hotline.domain.catalogue import unit_label
from hotline.domain.enums import ClassifiedField, OrderStatus
from hotline.domain.lifecycle import Action
from hotline.nlp.classifier import Sample
from hotline.nlp.emergency_model import LINES, NOT_EMERGENCY
from hotline.nlp.training import TrainingReport, train_all
from hotline.services import topics
from hotline.services.gazetteers import GazetteerCache
from hotline.services.suggestions import MODEL_LINE, RULE_LINE, place_text

# The newest orders. On two cores 10,000 of them made a run 472 s (a model per topic level, with many
# labels, is trained twice: held out for the metrics, then on everything), over the five-minute budget;
# 3,000 keep it within (`hotline train --history-limit` changes it on a bigger machine).
MAX_HISTORY = 3_000
MAX_CONTENT_CHARS = 2000


def history_samples(session: Session, *, limit: int = MAX_HISTORY) -> dict[str, list[Sample]]:
    """Samples per task ("topic", "appeal_type", "unit", "emergency") from the orders people labelled."""
    return centre_history(session, limit=limit)[0]


def centre_history(session: Session, *, limit: int = MAX_HISTORY) -> tuple[dict[str, list[Sample]], str | None]:
    """``history_samples``, and what the training log should say of the topic directory (None: it is empty).

    Once the centre keeps a topic directory (问题分类目录), only orders filed under its active entries teach
    the topic model: a typo or junk topic typed before the directory existed, or a retired one, would be
    suggested again."""
    directory = frozenset(topics.active_paths(session))
    confirmed = {field: select(ClassificationFeedback.order_id).where(ClassificationFeedback.field == field)
                 for field in (ClassifiedField.TOPIC, ClassifiedField.APPEAL_TYPE)}
    unsuggested = ~exists().where(OrderSuggestion.order_id == Order.id)
    rows = session.execute(
        select(Order.id, Order.title, Order.content, Order.topic, Order.appeal_type, Order.status, Unit.code,
               Order.lead_unit_id, Order.district, Order.street, Order.community, Order.address,
               unsuggested.label("unsuggested"),
               Order.id.in_(confirmed[ClassifiedField.TOPIC]).label("topic_confirmed"),
               Order.id.in_(confirmed[ClassifiedField.APPEAL_TYPE]).label("type_confirmed"))
        .outerjoin(Unit, Unit.id == Order.lead_unit_id)
        .where(Order.status != OrderStatus.VOIDED)
        .order_by(Order.accepted_at.desc()).limit(limit)
    ).all()
    samples: dict[str, list[Sample]] = {"topic": [], "appeal_type": [], "unit": [],
                                        "emergency": emergency_samples(session, limit=limit)}
    gazetteer = GazetteerCache()
    outside = 0
    for row in rows:
        content = (row.content or "")[:MAX_CONTENT_CHARS]
        if row.topic and (row.unsuggested or row.topic_confirmed):
            if directory and row.topic not in directory:
                outside += 1
            else:
                samples["topic"].append(Sample(row.title or "", content, row.topic))
        if row.unsuggested or row.type_confirmed:
            samples["appeal_type"].append(Sample(row.title or "", content, row.appeal_type.value))
        # An order its lead unit is returning (退单) is not that unit's until the centre rules; upheld, it is
        # re-dispatched and the new lead is learned, so the models do not repeat the dispatches units bounce.
        if row.code and row.status is not OrderStatus.RETURN_REQUESTED:
            place, _ = gazetteer.place_of(session, district=row.district, street=row.street,
                                          community=row.community, text=place_text(row.address, row.title, content))
            samples["unit"].append(Sample(row.title or "", content, unit_label(row.lead_unit_id, row.code, place)))
    note = (f"topics: only orders filed under the topic directory's {len(directory)} active entries "
            f"(问题分类目录); {outside} labelled orders under other topics left out") if directory else None
    return samples, note


# Where an agent has decided what a flagged order is: it went on as an ordinary appeal. Still registered, the
# agent may yet transfer it; transferred, the transfer's own mark speaks; merged or voided, nothing was decided.
HANDLED_AS_ORDINARY = [s for s in OrderStatus if s not in (OrderStatus.REGISTERED, OrderStatus.TRANSFERRED,
                                                            OrderStatus.MERGED, OrderStatus.VOIDED)]


# Transfers and flags are rare, so they are looked for among this many times ``limit`` newest orders: far
# more history than the other tasks read, yet a bounded read (every suggestion in it is parsed as JSON).
EMERGENCY_WINDOW = 100


def emergency_samples(session: Session, *, limit: int = MAX_HISTORY) -> list[Sample]:
    """The emergency model's samples from the centre's decisions (see the module docstring), newest first."""
    samples = []
    window = (select(Order.id).order_by(Order.accepted_at.desc(), Order.id.desc())
              .limit(limit * EMERGENCY_WINDOW).subquery())
    transfers = session.execute(
        select(Order.title, Order.content, OrderEvent.details)
        .join(window, window.c.id == Order.id)
        .join(OrderEvent, OrderEvent.order_id == Order.id)
        .where(OrderEvent.action == Action.TRANSFER.value)
        .order_by(OrderEvent.at.desc()).limit(limit)).all()
    for title, content, details in transfers:
        marked, line = (details or {}).get("emergency"), (details or {}).get("target")
        if marked is True and line in LINES:
            samples.append(Sample(title or "", (content or "")[:MAX_CONTENT_CHARS], line))
        elif marked is False:
            samples.append(Sample(title or "", (content or "")[:MAX_CONTENT_CHARS], NOT_EMERGENCY))
    flagged = session.execute(
        select(Order.title, Order.content)
        .join(window, window.c.id == Order.id)
        .join(OrderSuggestion, OrderSuggestion.order_id == Order.id)
        .where(Order.status.in_(HANDLED_AS_ORDINARY),
               RULE_LINE.as_string().is_not(None) | MODEL_LINE.as_string().is_not(None))
        .order_by(Order.accepted_at.desc()).limit(limit)).all()
    samples += [Sample(title or "", (content or "")[:MAX_CONTENT_CHARS], NOT_EMERGENCY) for title, content in flagged]
    return samples


def train_models(db: Database | None, *, data_dir: Path | None, models_dir: Path,
                 progress: Callable[[str, float], None] | None = None,
                 history_limit: int = MAX_HISTORY) -> tuple[TrainingReport, dict[str, int]]:
    """Train every model from the data folder and (when given a database) the centre's history."""
    extra: dict[str, list[Sample]] = {}
    if db is not None:
        with db.uow(write=False) as uow:
            extra, note = centre_history(uow.session, limit=history_limit)
        if note is not None and progress is not None:
            progress(f"centre history: {note}", 0.0)
    counts = {task: len(samples) for task, samples in extra.items()}
    folder = data_dir if data_dir is not None else Path("/nonexistent-data-folder")
    return train_all(folder, models_dir, extra_samples=extra, progress=progress), counts
