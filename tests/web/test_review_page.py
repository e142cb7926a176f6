"""复盘: the centre's staff see how the period's orders were dispatched and how the emergency flags fared."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from hotline.domain.lifecycle import Action
from tests.helpers import World, act, register, unchanged
from tests.test_dispatch_review import LAMP, bounce_scenario
from tests.test_emergency_marks import FIRE, registered
from tests.web.conftest import SignedIn


def test_a_supervisor_reads_the_dispatch_and_emergency_review(app_client: TestClient, signed_in: SignedIn,
                                                             w: World) -> None:
    bounce_scenario(app_client, w.org, w)
    registered(app_client, w.org, FIRE)  # flagged by a rule (119), still waiting for the agent
    supervisor = signed_in("supervisor")
    page = supervisor.get("/work/review").text
    assert 'href="/work/review"' in page  # in the navigation
    assert re.search(r'id="review-dispatched">6<', page)
    assert re.search(r'id="review-followed">75%', page) and "4 次派单有建议单位" in page
    assert "3 次，成立改派 2 次，驳回 1 次" in page
    bounce = re.findall(r'<tr class="bounce">(.*?)</tr>', page)
    assert len(bounce) == 1 and LAMP in bounce[0] and "（scjgj）" in bounce[0]
    rules = re.search(r'<tr id="review_rules">(.*?)</tr>', page)
    assert rules is not None and re.findall(r"<td>([^<]*)</td>", rules.group(1)) == ["1", "0", "0", "1", "0", "—"]
    english = supervisor.get("/work/review?days=7&lang=en").text
    assert "Dispatch (orders accepted in the last 7 days)" in english and "Transferred as emergencies" in english
    assert "待审" not in page.split('id="review-returns">')[1].split("</td>")[0]
    pending = register(w)  # a return still awaiting its ruling is counted as such
    act(w, Action.DISPATCH, pending)
    act(w, Action.RETURN, pending)
    assert "4 次，成立改派 2 次，驳回 1 次，待审 1 次" in supervisor.get("/work/review?lang=zh").text
    assert "rejected 1, awaiting a ruling 1" in supervisor.get("/work/review?lang=en").text


def test_a_bad_period_is_refused_with_the_reason(signed_in: SignedIn, w: World) -> None:
    dispatcher = signed_in("dispatcher")
    for days in ("0", "abc", "3661", "-5"):
        with unchanged(w):
            page = dispatcher.get(f"/work/review?days={days}")
        assert page.status_code == 422 and "天数须为 1 到 3660 之间的整数" in page.text
    assert dispatcher.get("/work/review?days=365").status_code == 200


def test_units_get_no_review(signed_in: SignedIn) -> None:
    district = signed_in("district")
    page = district.get("/work/review")
    assert page.status_code == 403 and "仅中心人员可以查看复盘" in page.text
    assert 'href="/work/review"' not in district.get("/work/orders").text
