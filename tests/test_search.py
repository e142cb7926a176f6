"""Text filter over title, content and address: Chinese substrings of any length, and Latin words."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from hotline.db.models import Order
from hotline.db.reindex import rebuild_search_index
from hotline.db.search import FTS_TABLE
from hotline.db.uow import Database
from hotline.domain.text import index_terms, query_phrases
from tests.conftest import Clock, Org
from tests.test_journeys import register

TEXTS = {
    "noise": "楼下烧烤店夜间噪音扰民，油烟很大",
    "water": "小区停水三天了，自来水公司一直没有说明原因",
    "lamp": "路灯不亮，晚上出行不安全，位置在KFC门口",
}


def numbers_for(client: TestClient, org: Org, q: str, **params: str) -> set[str]:
    response = client.get("/api/v1/orders", params={"q": q, **params}, headers=org.headers("agent"))
    assert response.status_code == 200, response.text
    return {item["number"] for item in response.json()["items"]}


def test_the_text_filter_finds_chinese_substrings_and_latin_words(app_client: TestClient, org: Org) -> None:
    made = {key: register(app_client, org, {"content": text, "channel": "web"}) for key, text in TEXTS.items()}
    assert numbers_for(app_client, org, "噪音") == {made["noise"]}
    assert numbers_for(app_client, org, "噪音扰民") == {made["noise"]}
    assert numbers_for(app_client, org, "扰民噪音") == set()  # phrase order matters
    assert numbers_for(app_client, org, "停水") == {made["water"]}
    assert numbers_for(app_client, org, "水") == {made["water"]}  # one character: prefix of a bigram
    assert numbers_for(app_client, org, "kfc") == {made["lamp"]}
    assert numbers_for(app_client, org, "小区 自来水") == {made["water"]}  # every part must occur
    assert numbers_for(app_client, org, "不安全", status="registered") == {made["lamp"]}
    assert numbers_for(app_client, org, "不安全", status="closed") == set()
    assert numbers_for(app_client, org, "！？。") == {made["noise"], made["water"], made["lamp"]}  # no terms


def test_traditional_and_simplified_characters_find_each_other(app_client: TestClient, org: Org) -> None:
    simplified = register(app_client, org, {"content": "小区电梯坏了一个星期", "channel": "web"})
    traditional = register(app_client, org, {"content": "我們樓下的路燈壞了很久", "channel": "web"})
    assert numbers_for(app_client, org, "電梯") == {simplified}
    assert numbers_for(app_client, org, "路灯坏了") == {traditional}
    assert numbers_for(app_client, org, "路燈") == {traditional}


def test_index_terms_are_overlapping_bigrams_and_lowercase_words() -> None:
    assert index_terms("噪音扰民 KFC门口") == "噪音 音扰 扰民 kfc 门口"
    assert query_phrases("噪音扰民") == [["噪音", "音扰", "扰民"]]
    assert query_phrases("ｋｆｃ") == [["kfc"]]  # full-width letters are folded


def test_a_text_search_pages_newest_first_across_days_and_months(app_client: TestClient, org: Org,
                                                                 clock: Clock) -> None:
    """PostgreSQL looks at the last day, then month, then everything: the pages must not notice."""
    made: list[str] = []
    for days_before in (400, 90, 20, 3, 0):
        clock.advance(days=-days_before)
        made.append(register(app_client, org, {"content": f"井盖缺失，{days_before}天前登记", "channel": "web"}))
        clock.advance(days=days_before)
        clock.advance(minutes=1)
    register(app_client, org, {"content": "路面塌陷", "channel": "web"})
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(5):
        params = {"q": "井盖", "limit": "2", **({"cursor": cursor} if cursor else {})}
        body = app_client.get("/api/v1/orders", params=params, headers=org.headers("agent")).json()
        seen += [item["number"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == made[::-1]
    assert numbers_for(app_client, org, "400天前") == {made[0]}  # only a year-old order matches
    old_only = numbers_for(app_client, org, "井盖", accepted_to=(clock.now - timedelta(days=60)).date().isoformat())
    assert old_only == {made[0], made[1]}


def test_an_appeal_without_a_title_gets_its_first_sentence_or_an_opening_marked_as_cut() -> None:
    from hotline.domain.text import AUTO_TITLE_CHARS, auto_title

    assert auto_title("小区路灯坏了。晚上出行很不方便，请尽快修复。") == "小区路灯坏了"
    long = "有人在网上骂我诽谤我已经很多次了我要起诉他请问法院应该怎么立案需要什么材料"
    assert auto_title(long) == long[: AUTO_TITLE_CHARS - 1] + "…"
    assert auto_title("  停水\n三天了  ") == "停水"
    assert auto_title("短") == "短"


def _stale_index(db: Database, stale: dict[int, str]) -> None:
    """The index as an older text folding left it: every order's terms gone but ``stale``'s (id → terms)."""
    with db.uow() as uow:
        connection = uow.session.connection()
        if db.dialect == "sqlite":
            connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
            connection.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (:id, :terms)"),
                               [{"id": id_, "terms": terms} for id_, terms in stale.items()])
        else:
            connection.execute(text("UPDATE order_search SET terms = ''"))
            connection.execute(text("UPDATE order_search SET terms = :terms WHERE order_id = :id"),
                               [{"id": id_, "terms": terms} for id_, terms in stale.items()])
        uow.commit()


def test_reindex_rebuilds_the_terms_of_every_order_in_batches(app_client: TestClient, org: Org,
                                                               db: Database) -> None:
    made = {key: register(app_client, org, {"content": text_, "channel": "web"}) for key, text_ in TEXTS.items()}
    made["old"] = register(app_client, org, {"content": "我們樓下的路燈壞了很久", "channel": "web"})
    with db.uow(write=False) as uow:
        ids = dict(uow.session.execute(select(Order.number, Order.id)).all())
    unfolded = "我們 們樓 樓下 下的 的路 路燈 燈壞 壞了 了很 很久"  # before 3b1b403: not folded to simplified
    _stale_index(db, {ids[made["old"]]: unfolded})
    assert numbers_for(app_client, org, "路灯") == set() and numbers_for(app_client, org, "噪音") == set()
    seen: list[tuple[int, int]] = []
    assert rebuild_search_index(db, batch=2, progress=lambda done, total: seen.append((done, total))) == 4
    assert seen[-1] == (4, 4) and len(seen) >= 2  # two full batches, then the last one
    assert numbers_for(app_client, org, "路灯") == {made["old"], made["lamp"]} == numbers_for(app_client, org, "路燈")
    assert numbers_for(app_client, org, "壞了很久") == {made["old"]}
    assert numbers_for(app_client, org, "噪音扰民") == {made["noise"]}
    assert numbers_for(app_client, org, "kfc") == {made["lamp"]}
    after = register(app_client, org, {"content": "井盖缺失，行人容易绊倒", "channel": "web"})
    assert numbers_for(app_client, org, "井盖") == {after}  # the rebuilt index takes new orders as before
    assert rebuild_search_index(db) == 5  # and can be rebuilt again
    assert numbers_for(app_client, org, "井盖") == {after}
