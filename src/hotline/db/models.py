"""Tables of the platform. One model for SQLite and PostgreSQL; times are aware UTC."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotline.db.base import Base
from hotline.domain.enums import (
    AppealType,
    AreaKind,
    Channel,
    ClassifiedField,
    Closure,
    HotlineMode,
    LimitUnit,
    OrderStatus,
    Role,
    Satisfaction,
    Solved,
    UnitKind,
    Urgency,
)

# BIGINT primary keys on PostgreSQL (a province passes 2**31 events), INTEGER on SQLite so the
# key stays the rowid alias.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def enum_col(enum: type[StrEnum]) -> Enum:
    return Enum(enum, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


class Unit(Base):
    """A handling unit (承办单位) or the centre itself, in a tree."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[UnitKind] = mapped_column(enum_col(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # Materialised path of ids ("/1/4/9/") so "this unit and its subordinates" is one LIKE in SQL.
    path: Mapped[str] = mapped_column(String(512), index=True)
    district: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Hotline(Base):
    """The hotline directory: numbers merged into 12345, parallel lines, sub-centres, emergency lines."""

    __tablename__ = "hotlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    mode: Mapped[HotlineMode] = mapped_column(enum_col(HotlineMode))
    transfer_target: Mapped[str | None] = mapped_column(String(128))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(enum_col(Role))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # Wrong passwords in a row, and until when sign-in is refused after too many (services.auth).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None]

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored (tokens are 256-bit random, so no slow hash is needed)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Order(Base):
    """A work order (工单), DOMAIN.md §3."""

    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_accepted", "accepted_at", "id"),
        Index("ix_orders_status_accepted", "status", "accepted_at", "id"),
        Index("ix_orders_lead_unit_accepted", "lead_unit_id", "accepted_at", "id"),
        Index("ix_orders_district_accepted", "district", "accepted_at", "id"),
        Index("ix_orders_type_accepted", "appeal_type", "accepted_at", "id"),
        Index("ix_orders_channel_accepted", "channel", "accepted_at", "id"),
        Index("ix_orders_topic_accepted", "topic", "accepted_at", "id"),
        Index("ix_orders_due", "due_at"),
        # The few merged orders (并单), for the kept order's list of the repeats merged into it.
        Index("ix_orders_merged_into", "merged_into_id", sqlite_where=text("merged_into_id IS NOT NULL"),
              postgresql_where=text("merged_into_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    lookup_code: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_col(Channel))
    status: Mapped[OrderStatus] = mapped_column(enum_col(OrderStatus))
    closure: Mapped[Closure | None] = mapped_column(enum_col(Closure))
    accepted_at: Mapped[datetime]
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    recording_id: Mapped[str | None] = mapped_column(String(64))  # 录音编号 in the call-centre system
    linkage_110_id: Mapped[str | None] = mapped_column(String(64))  # 110 联动编号 of a police hand-over
    caller_name: Mapped[str | None] = mapped_column(String(64))
    caller_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    caller_company: Mapped[str | None] = mapped_column(String(128))
    # AES-GCM ciphertext of the phone; the blind index (HMAC) finds a caller's history.
    caller_phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    caller_phone_index: Mapped[str | None] = mapped_column(String(32), index=True)
    caller_phone_masked: Mapped[str | None] = mapped_column(String(24))  # e.g. 138****1234

    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    appeal_type: Mapped[AppealType] = mapped_column(enum_col(AppealType))
    topic: Mapped[str | None] = mapped_column(String(200))
    urgency: Mapped[Urgency] = mapped_column(enum_col(Urgency))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)

    district: Mapped[str | None] = mapped_column(String(64))
    street: Mapped[str | None] = mapped_column(String(64))
    community: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(256))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)

    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # The unit the lead passed the order down to; the lead stays responsible (首接负责制).
    assignee_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    dispatched_at: Mapped[datetime | None]
    sign_due_at: Mapped[datetime | None]
    return_due_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    signed_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    reply_text: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]

    return_count: Mapped[int] = mapped_column(Integer, default=0)
    pending_return: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    pending_extension: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    redo_count: Mapped[int] = mapped_column(Integer, default=0)
    urge_count: Mapped[int] = mapped_column(Integer, default=0)
    supervised: Mapped[bool] = mapped_column(Boolean, default=False)

    visited_at: Mapped[datetime | None]
    visit_solved: Mapped[Solved | None] = mapped_column(enum_col(Solved))
    visit_satisfaction: Mapped[Satisfaction | None] = mapped_column(enum_col(Satisfaction))
    visit_note: Mapped[str | None] = mapped_column(Text)
    visit_method: Mapped[str | None] = mapped_column(String(16))  # phone, sms, web, on-site

    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    transfer_target: Mapped[str | None] = mapped_column(String(128))
    disposition_note: Mapped[str | None] = mapped_column(Text)  # answer text, legal route, void reason
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    co_units: Mapped[list[OrderCoUnit]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class OrderCoUnit(Base):
    __tablename__ = "order_co_units"

    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


class OrderEvent(Base):
    """Append-only history of an order: who did what, when, and the status before and after."""

    __tablename__ = "order_events"
    # The reviews read the period's events of a few actions (services.dispatch_review, emergency_review).
    __table_args__ = (Index("ix_order_events_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"), index=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str | None] = mapped_column(String(32))
    actor_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxMessage(Base):
    """A message to send after commit; a worker relays it with retries (ARCHITECTURE.md rule 1)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str | None] = mapped_column(String(128))
    order_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("orders.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class Attachment(Base):
    """Metadata of a file kept in the attachment store (outside the database)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(128), unique=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class OrderSequence(Base):
    """Per-prefix-and-day counter behind order numbers; bumped with one atomic upsert."""

    __tablename__ = "order_sequences"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class IdempotencyRecord(Base):
    """The stored answer to a request made with an Idempotency-Key, replayed on retries."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(128))
    fingerprint: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"))
    created_at: Mapped[datetime]


class TimeLimitRule(Base):
    """Handling time limit per appeal type × urgency (DOMAIN.md §2)."""

    __tablename__ = "time_limits"
    __table_args__ = (UniqueConstraint("appeal_type", "urgency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_type: Mapped[AppealType] = mapped_column(enum_col(AppealType))
    urgency: Mapped[Urgency] = mapped_column(enum_col(Urgency))
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[LimitUnit] = mapped_column(enum_col(LimitUnit))


class Setting(Base):
    """Centre-wide settings an admin edits (sign limit, return limit, extension cap, …)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class CalendarOverride(Base):
    """A day whose working status the admin set, e.g. from next year's State Council notice."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(128))


class PiiAccess(Base):
    """Audit row for every view of a clear personal value (phone number)."""

    __tablename__ = "pii_access_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("orders.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str | None] = mapped_column(String(128))
    at: Mapped[datetime]


class OrderSearch(Base):
    """Search terms per order on PostgreSQL (SQLite keeps them in an FTS5 table instead).

    ``accepted_at`` is the order's, copied so a search can look at recent matches first without a
    join; PostgreSQL also keeps a stored ``tsv`` column (generated from ``terms``, GIN-indexed) that
    only migration 0005 knows: a recheck then reads the vector instead of re-parsing the text. Its GIN index
    holds ``accepted_at`` too (btree_gin, migration 0009), so a search bounded in time reads recent matches only.
    """

    __tablename__ = "order_search"
    __table_args__ = (
        Index("ix_order_search_accepted_tsv", "accepted_at", text("tsv"),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
        Index("ix_order_search_accepted_at", "accepted_at"),
    )

    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"), primary_key=True)
    terms: Mapped[str] = mapped_column(Text)
    accepted_at: Mapped[datetime]


class Area(Base):
    """The centre's own gazetteer (属地): districts, streets/towns and communities/villages.

    ``unit_id`` is the area's own government body (district government, street office, community
    committee) where it is a handling unit, so a territorial catalogue rule can name it.
    """

    __tablename__ = "areas"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[AreaKind] = mapped_column(enum_col(AreaKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CatalogueRule(Base):
    """One line of the dispatch catalogue (派单目录): topic × area → lead unit (+ co-units).

    Rules are never edited in place: a change retires the old line (``effective_to``) and adds a new
    one with the next catalogue ``revision``, so any past dispatch can be explained by the catalogue
    as it stood. The lead is a fixed unit, or — the territorial principle — the government of the
    order's area at ``territorial_level``.
    """

    __tablename__ = "catalogue_rules"
    __table_args__ = (Index("ix_catalogue_rules_current", "effective_to", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int]
    topic: Mapped[str] = mapped_column(String(128))  # "城乡建设" or "城乡建设/物业"; "" matches every topic
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))  # None: the whole city
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    territorial_level: Mapped[AreaKind | None] = mapped_column(enum_col(AreaKind))
    co_unit_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(String(500), default="")
    effective_from: Mapped[datetime]
    effective_to: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class TopicEntry(Base):
    """One topic of the centre's topic directory (问题分类目录): a level-1 topic ("城乡建设") or a level-2 one
    under it ("城乡建设/物业"). Staff pick topics from the active entries once there are any.

    An entry is never deleted, only retired (``retired_at``), so orders filed under it keep a known topic;
    re-adding a retired path brings the same row back.
    """

    __tablename__ = "topic_directory"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(128), unique=True)
    level: Mapped[int] = mapped_column(Integer)  # 1 or 2: the number of parts of the path
    added_at: Mapped[datetime]
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retired_at: Mapped[datetime | None]  # None: active
    retired_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class OrderSuggestion(Base):
    """What the platform suggested when the order was registered, with the model versions used.

    ``payload`` holds appeal-type, topic and unit candidates with confidences and reasons, the
    resolved location, emergency and scope alerts, and duplicate candidates with their evidence.
    """

    __tablename__ = "order_suggestions"
    __table_args__ = (
        # The few suggestions that flag an emergency, for the emergency review: its period's other suggestions
        # are not read, nor their JSON parsed (PostgreSQL's json is parsed anew at each access).
        Index("ix_order_suggestions_emergency", "order_id", sqlite_where=text("emergency_line IS NOT NULL"),
              postgresql_where=text("emergency_line IS NOT NULL")),
    )

    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"), primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The line the payload flags (``suggestions.emergency_line``): the rules', else the emergency model's.
    emergency_line: Mapped[str | None] = mapped_column(String(8))
    model_versions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]


class ClassificationFeedback(Base):
    """A person accepting or correcting a suggestion: the next training learns from it."""

    __tablename__ = "classification_feedback"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"), index=True)
    field: Mapped[ClassifiedField] = mapped_column(enum_col(ClassifiedField))
    suggested: Mapped[str | None] = mapped_column(String(128))
    chosen: Mapped[str] = mapped_column(String(128))
    model_version: Mapped[str | None] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(index=True)
