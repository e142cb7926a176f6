"""Registration's lean suggestions, for every entry point that registers an appeal (the API and the pages).

They are computed in a read-only unit of work before the registration's write transaction, so that
on SQLite the write lock is not held while models and queries run; ``intake.register_appeal`` stores
them with the order (``prepared=``).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from hotline.services import suggestions
from hotline.services.context import Context
from hotline.services.intake import NewAppeal

log = logging.getLogger(__name__)


def appeal_text(appeal: NewAppeal) -> suggestions.AppealText:
    # No caller index: the lean set does not look for the caller's other orders.
    return suggestions.AppealText(
        appeal.content, appeal.title or "", appeal.address, appeal.district, appeal.street, appeal.community,
        appeal.topic, appeal_type=appeal.appeal_type.value if appeal.appeal_type else None)


def lean_suggestions(session: Session, ctx: Context, appeal: NewAppeal, *, now: datetime
                     ) -> suggestions.Prepared | None:
    """The suggestions to store with a new order; a failure here must never fail the registration."""
    try:
        return suggestions.prepare(session, ctx, appeal_text(appeal), now=now, full=False)
    except Exception:
        log.exception("suggestions failed; the order is registered without them")
        return None
