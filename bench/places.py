"""Speed of the territorial principle's first step: resolving district, street and community from the
address text (``hotline.nlp.address.resolve``), on a gazetteer as large as a real city's.

``python -m bench places``. Changzhou's real districts and streets (../shared/data/china_divisions) plus
1,000 generated communities; 300 texts naming a community with its street, 150 vaguer ones. Every
registration and every panel refresh resolves once, so the budget is small: median < 0.5 ms, p99 < 2 ms.
"""

from __future__ import annotations

import random
import time

from bench.common import REPO, Target, fmt, median, percentile, say, wait_for_quiet
from hotline.domain.enums import UnitKind
from hotline.nlp.address import resolve
from hotline.nlp.gazetteer import Area, Gazetteer, load_city_divisions

DIVISIONS = REPO.parent / "shared" / "data" / "china_divisions"
MEDIAN_MS = Target("limit", 0.5, " ms", higher_is_better=False)
P99_MS = Target("limit", 2.0, " ms", higher_is_better=False)
SYLLABLES = ("安宝北碧彩昌晨春翠丹德东芳丰福富港和河华佳锦景静康乐莲林龙"
             "梅明南宁平青清瑞盛诗水松泰天万文西祥欣新兴秀阳怡永玉园悦云泽志中竹")


def city_with_communities(count: int = 1000, seed: int = 7) -> tuple[Gazetteer, list[str]]:
    """Changzhou with ``count`` generated communities, and texts that name them or only a town."""
    rng = random.Random(seed)
    real = load_city_divisions(DIVISIONS, "常州市")
    streets = [a for a in real if a.kind is UnitKind.STREET]
    communities = [Area(f"c{i}", "".join(rng.sample(SYLLABLES, 3)) + rng.choice(["社区", "村"]), UnitKind.COMMUNITY,
                        rng.choice(streets).code) for i in range(count)]
    city = Gazetteer.from_areas([*real, *communities], city="常州市")
    texts = [f"常州市{city.areas[c.parent or ''].name}{c.name}{rng.randint(1, 30)}幢" for c in communities[:300]]
    texts += ["武进湖塘镇某小区门口", "天宁区红梅街道", "小区门口路灯坏了一周了没人修"] * 50
    return city, texts


def bench(quiet_wait: float = 0) -> list[str]:
    say("places: building a gazetteer of Changzhou with 1,000 communities …")
    city, texts = city_with_communities()
    resolve(city, "预热")
    if quiet_wait:
        wait_for_quiet(max_wait=quiet_wait)
    timings = []
    for _ in range(5):
        for text in texts:
            started = time.perf_counter()
            resolve(city, text)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return ["-- address resolution (属地: district, street, community from the text) --",
            MEDIAN_MS.describe(f"median per text ({len(city.areas):,} areas, {len(timings):,} resolutions)",
                               median(timings)),
            P99_MS.describe("p99 per text", percentile(timings, 99)) + f"  (max {fmt(timings[-1])} ms)"]
