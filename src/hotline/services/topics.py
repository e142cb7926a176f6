"""The centre's topic directory (问题分类目录): the topics staff file orders under, kept by the admins.

While the directory has no active entry, topics are free text, as a new centre starts. Once it has
entries, a topic a person gives (registration, ``classify``, a catalogue rule) must be one of them, or
is refused with ``unknown_topic``; a topic a model suggests is filed under the directory's entry for
it, its level-1 topic, or nothing (``filed_topic``): a model never blocks a registration. A typo or
junk topic ("路灯坏了", "asdf") then no longer lands in the topic choices, misses every catalogue
rule and trains the next model.

Entries are level 1 ("城乡建设") or level 2 ("城乡建设/物业", under an active level 1). They are never
deleted: retiring one keeps the row, so orders filed under it keep a known topic.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from hotline.db.models import CatalogueRule, TopicEntry, User
from hotline.db.uow import UnitOfWork
from hotline.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hotline.nlp.topic_levels import parent_of
from hotline.services.auth import Actor
from hotline.services.configuration import require_admin
from hotline.services.models import Guess

MAX_TOPIC_CHARS = 128
MAX_LEVEL = 2  # the directory's depth: the orders' topic paths may have three parts, the directory two


def normalise_topic(topic: str) -> str:
    parts = [p.strip() for p in topic.strip().split("/")]
    if not all(parts) or len(parts) > 3 or len(topic) > MAX_TOPIC_CHARS:
        raise ValidationFailed("问题分类格式不正确（如“城乡建设/物业”）", "The topic is malformed (e.g. 城乡建设/物业)",
                               code="invalid_topic")
    return "/".join(parts)


# Symbols (emoji among them), and format, control and private-use characters: no topic is written with them.
_NOT_WORDS = frozenset({"So", "Sk", "Cc", "Cf", "Co", "Cs", "Cn"})


def _check_words(path: str) -> None:
    """A directory entry is offered to every agent as they type: each level must be words (letters or Chinese,
    with punctuation such as 、 or （）), never emoji or symbols alone."""
    if any(unicodedata.category(c) in _NOT_WORDS for c in path) \
            or not all(any(c.isalpha() for c in part) for part in path.split("/")):
        raise ValidationFailed("问题分类只能由文字组成，不能含表情或符号（如“城乡建设/物业”）",
                               "A topic is words only, without emoji or symbols (e.g. 城乡建设/物业)",
                               code="invalid_topic", details={"field": "path"})


def unknown_topic(topic: str) -> ValidationFailed:
    return ValidationFailed(f"“{topic}”不在问题分类目录中，请从问题分类目录中选择",
                            f"“{topic}” is not in the centre's topic directory: choose a topic from it",
                            code="unknown_topic", details={"field": "topic", "topic": topic})


_ACTIVE = TopicEntry.retired_at.is_(None)


def active_paths(session: Session) -> list[str]:
    """The active entries, level 1 before level 2 (empty: topics are free text)."""
    # Sorted here, not by the database: PostgreSQL's collation would order Chinese differently from SQLite.
    return sorted(session.scalars(select(TopicEntry.path).where(_ACTIVE)), key=lambda p: (p.count("/"), p))


class TopicDirectory:
    """The active entries, kept per process (like the catalogue's ``RuleBook``): registration asks the directory
    twice (the model's topic, the agent's), and a query costs 0.2 ms of the 3 ms a registration has (≥ 500/s on
    two cores). Read again at most every ``CHECK_SECONDS``, and at once after a change made through this process
    (``invalidate``): other processes see an admin's change within seconds."""

    CHECK_SECONDS = 5.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._paths: frozenset[str] | None = None
        self._checked = 0.0

    def invalidate(self) -> None:
        self._paths = None

    def active(self, session: Session) -> frozenset[str]:
        paths = self._paths
        if paths is not None and self._clock() - self._checked < self.CHECK_SECONDS:
            return paths
        checked = self._clock()
        paths = frozenset(session.scalars(select(TopicEntry.path).where(_ACTIVE)))
        self._paths, self._checked = paths, checked
        return paths


def known_topics(session: Session, paths: Iterable[str], *, hold: bool = False,
                 kept: TopicDirectory | None = None) -> frozenset[str] | None:
    """Which of ``paths`` are active entries; None when the directory has no active entry at all. ``kept``: the
    process's copy answers (the hot paths); ``hold`` keeps the entries found from being retired until the
    transaction ends (PostgreSQL's FOR SHARE), which only the database can."""
    asked = {p for p in paths if p}
    if kept is not None and not hold:
        active = kept.active(session)
        return frozenset(active & asked) if active else None
    # One query: the paths asked for, and any one active entry (is the directory in use at all?).
    first = select(func.min(TopicEntry.id)).where(_ACTIVE).scalar_subquery()
    query = select(TopicEntry.path).where(_ACTIVE, or_(TopicEntry.path.in_(sorted(asked)), TopicEntry.id == first))
    found = set(session.scalars(query.with_for_update(read=True) if hold else query))
    return frozenset(found & asked) if found else None


def chosen_topic(session: Session, topic: str, *, kept: TopicDirectory | None = None) -> str:
    """The topic a person gave, as the order is filed under it: as given while the directory is empty
    (free entry, as before the directory), else the directory's entry, or ``unknown_topic``."""
    try:
        path = normalise_topic(topic)
    except ValidationFailed:
        if known_topics(session, (), kept=kept) is None:
            return topic
        raise unknown_topic(topic) from None
    known = known_topics(session, [path], kept=kept)
    if known is None:
        return topic
    if path not in known:
        raise unknown_topic(path)
    return path


def checked_topic(session: Session, topic: str, *, hold: bool = False) -> str:
    """A topic given to ``classify`` or a catalogue rule: well formed, and an active entry once there are any
    (``hold``: kept so until the transaction ends — a rule added while an admin retires its topic)."""
    path = normalise_topic(topic)
    known = known_topics(session, [path], hold=hold)
    if known is not None and path not in known:
        raise unknown_topic(path)
    return path


def filed_topic(known: frozenset[str] | None, topic: str | None) -> str | None:
    """Where a model's topic is filed: itself if in the directory, else its level 1 if that is, else
    nothing (the agent or dispatcher classifies it). ``known`` is ``known_topics`` of the topic and its
    level 1; None (no directory) keeps the model's topic."""
    if not topic or known is None:
        return topic
    if topic in known:
        return topic
    parent = parent_of(topic)
    return parent if parent in known else None


def file_guess(session: Session, guess: Guess, *, kept: TopicDirectory | None = None
               ) -> tuple[str | None, float | None]:
    """Where a model's topic guess files an order, within the directory (``filed_topic`` of what the guess
    settles on, with how sure the platform is of that), and the guess's candidates likewise — each becomes
    its entry, its level 1, or goes — so what an agent may adopt (采用) is a topic registration accepts.
    While the directory is empty the guess is as the model made it."""
    topic, confidence = guess.settled()
    labels = [str(c["label"]) for c in guess.candidates] + list(guess.level1)
    known = known_topics(session, [*labels, *map(parent_of, labels)], kept=kept)
    if known is None:
        return topic, confidence
    filed = filed_topic(known, topic)
    if filed != topic:
        confidence = guess.level1_probability(filed) if filed else None
    shown: dict[str, float | None] = {}
    for candidate in guess.candidates:
        label = filed_topic(known, str(candidate["label"]))
        if label is None:
            continue
        p = candidate["confidence"] if label == candidate["label"] else guess.level1_probability(label)
        if label not in shown or (p or 0) > (shown[label] or 0):
            shown[label] = p
    guess.level1 = {label: p for label, p in guess.level1.items() if label in known}
    guess.candidates = sorted(({"label": label, "confidence": p} for label, p in shown.items()),
                              key=lambda c: -(c["confidence"] or 0))
    return filed, confidence


Listed = tuple[TopicEntry, str | None, str | None]  # an entry, who added it, who retired it (display names)


def list_topics(session: Session, actor: Actor, *, retired: bool = False, entry_id: int | None = None
                ) -> list[Listed]:
    """The active entries (every entry with ``retired``; one with ``entry_id``), for the centre's staff: they
    file orders under them, while a handling unit sees only its own orders' topics."""
    if not actor.is_centre:
        raise PermissionDenied("仅中心人员可以查看问题分类目录", "Only the centre's staff may list the topic directory",
                               code="centre_only")
    adder, retirer = aliased(User), aliased(User)
    query = (select(TopicEntry, adder.display_name, retirer.display_name)
             .outerjoin(adder, adder.id == TopicEntry.added_by)
             .outerjoin(retirer, retirer.id == TopicEntry.retired_by))
    if entry_id is not None:
        query = query.where(TopicEntry.id == entry_id)
    elif not retired:
        query = query.where(_ACTIVE)
    rows = [(entry, added, gone) for entry, added, gone in session.execute(query).all()]
    return sorted(rows, key=lambda row: (row[0].level, row[0].path))  # as ``active_paths``


def add_topic(uow: UnitOfWork, *, actor: Actor, path: str, now: datetime) -> TopicEntry:
    """Add a level-1 topic, or a level-2 one under an active level 1; a retired path comes back."""
    require_admin(actor)
    session = uow.session
    path = normalise_topic(path)
    _check_words(path)
    level = path.count("/") + 1
    if level > MAX_LEVEL:
        raise ValidationFailed("问题分类目录只有一级、二级分类（如“城乡建设/物业”）",
                               "The topic directory has level-1 and level-2 topics only (e.g. 城乡建设/物业)",
                               code="topic_too_deep", details={"field": "path"})
    if level == 2 and parent_of(path) not in (known_topics(session, [parent_of(path)]) or ()):
        raise ValidationFailed(f"请先在目录中添加一级分类“{parent_of(path)}”",
                               f"Add the level-1 topic “{parent_of(path)}” to the directory first",
                               code="unknown_parent_topic", details={"field": "path", "parent": parent_of(path)})
    entry = session.scalar(select(TopicEntry).where(TopicEntry.path == path).with_for_update())
    if entry is not None and entry.retired_at is None:
        raise _exists(path)
    if entry is None:
        entry = TopicEntry(path=path, level=level, added_at=now, added_by=actor.user_id)
        session.add(entry)
    else:  # re-added: active again from now, by this admin
        entry.added_at, entry.added_by, entry.retired_at, entry.retired_by = now, actor.user_id, None, None
    try:
        uow.commit()
    except IntegrityError:  # another admin added the same path at the same moment
        uow.rollback()
        raise _exists(path) from None
    return entry


def _exists(path: str) -> Conflict:
    return Conflict(f"问题分类目录中已有“{path}”", f"“{path}” is already in the topic directory",
                    code="topic_exists", details={"path": path})


def retire_topic(uow: UnitOfWork, *, actor: Actor, entry_id: int, now: datetime) -> TopicEntry:
    """Retire an entry that no catalogue rule routes by and that has no active level-2 topic under it."""
    require_admin(actor)
    session = uow.session
    entry = session.get(TopicEntry, entry_id, with_for_update=True)
    if entry is None or entry.retired_at is not None:
        raise NotFound("问题分类目录中没有这个有效分类", "No active topic with that id in the directory",
                       code="topic_not_found")
    below = TopicEntry.path.startswith(f"{entry.path}/", autoescape=True)
    under = list(session.scalars(select(TopicEntry.path).where(_ACTIVE, below).order_by(TopicEntry.path)))
    if under:
        raise Conflict(f"请先停用“{entry.path}”下的二级分类：{'、'.join(under)}",
                       f"Retire the topics under “{entry.path}” first: {', '.join(under)}",
                       code="topic_has_subtopics", details={"subtopics": under})
    _check_unrouted(session, entry.path, now)
    entry.retired_at, entry.retired_by = now, actor.user_id
    uow.commit()
    return entry


def _check_unrouted(session: Session, path: str, now: datetime) -> None:
    """A rule in force (or yet to start) keyed by the topic would route by a topic nobody may choose."""
    rules = session.execute(select(CatalogueRule.id, CatalogueRule.revision).where(
        CatalogueRule.topic == path,
        or_(CatalogueRule.effective_to.is_(None), CatalogueRule.effective_to > now))
        .order_by(CatalogueRule.revision, CatalogueRule.id)).all()
    if rules:
        revisions = "、".join(f"第 {r.revision} 版" for r in rules)
        raise Conflict(f"派单目录的规则（{revisions}）按“{path}”派单：请先修改或停用这些规则",
                       f"Catalogue rules (revision {', '.join(str(r.revision) for r in rules)}) route by “{path}”: "
                       "replace or retire them first",
                       code="topic_in_catalogue", details={"rules": [{"id": r.id, "revision": r.revision}
                                                                     for r in rules]})
