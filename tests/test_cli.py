"""The ``hotline`` command, run as a real process: migrate, users, tokens, and a served API over HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import PG_URL, on_postgres

HOTLINE = [sys.executable, "-m", "hotline.cli"]


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HOTLINE, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    # On PostgreSQL runs the processes share the test database; the next test's fixture truncates it.
    env["HOTLINE_DATABASE_URL"] = PG_URL if on_postgres() else f"sqlite:///{tmp_path / 'cli.db'}"
    env["HOTLINE_ATTACHMENT_DIR"] = str(tmp_path / "attachments")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_create_user_reads_the_password_from_stdin_and_refuses_weak_ones(cli_env: dict[str, str]) -> None:
    assert run(["migrate"], cli_env).returncode == 0
    weak = run(["create-user", "wang", "--role", "agent"], cli_env, stdin="short\n")
    assert weak.returncode == 2 and "weak_password" in weak.stderr
    made = run(["create-user", "wang", "--role", "agent"], cli_env, stdin="a-long-password\n")
    assert made.returncode == 0, made.stderr
    again = run(["create-user", "wang", "--role", "agent"], cli_env, stdin="a-long-password\n")
    assert again.returncode == 2 and "user_exists" in again.stderr
    no_unit = run(["create-user", "li", "--role", "unit", "--unit", "nowhere"], cli_env, stdin="a-long-password\n")
    assert no_unit.returncode == 2 and "unit_not_found" in no_unit.stderr


def test_create_token_fails_cleanly_for_an_unknown_user(cli_env: dict[str, str]) -> None:
    result = run(["create-token", "ghost"], cli_env)
    assert result.returncode == 2 and "user_not_found" in result.stderr and "Traceback" not in result.stderr


def test_a_served_platform_registers_an_order_over_real_http(cli_env: dict[str, str]) -> None:
    assert run(["create-user", "agent1", "--role", "agent"], cli_env, stdin="agent-password-1\n").returncode == 0
    token = run(["create-token", "agent1"], cli_env).stdout.strip()
    assert token.startswith("hl_")
    port = free_port()
    server = subprocess.Popen([*HOTLINE, "serve", "--port", str(port)], env=cli_env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/v1/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {token}"}
        created = httpx.post(base + "/api/v1/orders", headers=headers, timeout=10,
                             json={"content": "小区垃圾连续三天无人清运，气味很大。", "channel": "web"})
        assert created.status_code == 201, created.text
        number = created.json()["number"]
        assert httpx.get(f"{base}/api/v1/orders/{number}", headers=headers, timeout=10).json()["status"] == "registered"
        login = httpx.post(base + "/api/v1/auth/login", json={"username": "agent1", "password": "agent-password-1"},
                           timeout=10)
        assert login.status_code == 200 and login.json()["role"] == "agent"
        wrong = httpx.post(base + "/api/v1/auth/login", json={"username": "agent1", "password": "nope"}, timeout=10)
        assert wrong.status_code == 401 and wrong.json()["code"] == "bad_credentials"
        assert httpx.get(base + "/", timeout=10).status_code == 200
        fire = httpx.post(base + "/api/v1/orders", headers=headers, timeout=10,
                          json={"content": "楼下着火了，浓烟很大，有人被困在三楼", "channel": "phone"})
        assert fire.status_code == 201 and fire.json()["alerts"]["transfer_to"] == "119"
        rebuilt = run(["reindex"], cli_env)  # beside the running server, which searches the new index
        assert rebuilt.returncode == 0, rebuilt.stderr
        # On PostgreSQL the database may still hold the previous test's orders (truncated by the next test).
        assert int(re.findall(r"rebuilt the search index of (\d+) orders", rebuilt.stdout)[0]) >= 2
        found = httpx.get(base + "/api/v1/orders", params={"q": "垃圾连续三天"}, headers=headers, timeout=10).json()
        assert number in [item["number"] for item in found["items"]]
    finally:
        server.terminate()
        server.wait(timeout=30)
    reviewed = run(["emergency-review", "--days", "1"], cli_env)  # the fire: flagged by a rule, still waiting
    assert reviewed.returncode == 0, reviewed.stderr
    rules = next(line for line in reviewed.stdout.splitlines() if line.startswith("规则 rules"))
    assert re.findall(r"\d+|—", rules) == ["1", "0", "0", "1", "0", "—"]  # flagged 1, waiting 1, none decided
    assert run(["emergency-review", "--days", "0"], cli_env).returncode == 2


NOISE = ["烧烤店油烟扰民", "KTV噪音扰民到深夜", "广场舞音响太吵", "工地夜间施工噪音", "饭店油烟直排"]
WATER = ["小区停水两天", "自来水发黄有异味", "水管爆裂漏水", "水压太低用不了热水器", "水表坏了"]


def test_train_builds_versioned_models_that_classify_a_csv(cli_env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "data" / "taidi2020c"
    data.mkdir(parents=True)
    rows = [f"train,{t}第{i}次反映,{lid},{label}" for i in range(8)
            for texts, lid, label in ((NOISE, 1, "环境保护"), (WATER, 0, "城乡建设")) for t in texts]
    (data / "titles_labeled.csv").write_text("split,title,label_id,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    models = tmp_path / "models"
    trained = run(["train", "--data", str(tmp_path / "data"), "--models", str(models), "--no-history"], cli_env)
    assert trained.returncode == 0, trained.stderr
    assert "topic-level1" in trained.stdout and "missing" in trained.stdout  # the absent files are noted
    assert (models / "topic-level1" / "latest").is_file()

    source = tmp_path / "in.csv"
    source.write_text("title,content,id\n夜里烧烤店太吵,,1\n,我家停水了,2\n,,3\n😀😀,\ufffd\ufffd,4\n",
                      encoding="utf-8")
    target = tmp_path / "out.csv"
    done = run(["classify", str(source), str(target), "--models", str(models)], cli_env)
    assert done.returncode == 0, done.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ("title,content,id,appeal_type,topic,topic_confidence,unit,unit_confidence,"
                        "topic_level2,topic_level2_confidence")
    assert lines[1].split(",")[4] == "环境保护" and lines[2].split(",")[4] == "城乡建设"
    assert 0 < float(lines[1].split(",")[5]) <= 1
    assert lines[1].split(",")[8:] == ["", ""]  # no sub-topics without a level-2 model
    assert lines[3].split(",")[3:] == ["other"] + [""] * 6  # nothing to classify: empty, not guessed
    assert len(lines) == 5


def test_classify_writes_the_level_1_topic_where_the_sub_topic_is_unsure(cli_env: dict[str, str],
                                                                         tmp_path: Path) -> None:
    from hotline.nlp.training import TOPIC_LEVEL2, train_task
    from tests.helpers import unsure_sub_topic_samples

    models = tmp_path / "models"
    train_task(TOPIC_LEVEL2, unsure_sub_topic_samples(), models)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("title,content\n楼道水管漏水了,\n楼下烧烤店油烟扰民,\n", encoding="utf-8")
    done = run(["classify", str(source), str(target), "--models", str(models)], cli_env)
    assert done.returncode == 0, done.stderr
    pipes, noise = [line.split(",") for line in target.read_text(encoding="utf-8").splitlines()[1:]]
    assert pipes[3] == "城乡建设" and float(pipes[4]) >= 0.5  # both sub-topics together
    assert pipes[7:] == ["", ""]  # neither sub-topic is more likely right than wrong
    assert noise[3] == "环境保护" and noise[7] == "环境保护/噪音" and float(noise[8]) >= 0.5


def test_classify_takes_the_level_1_topic_from_the_level_1_model(cli_env: dict[str, str], tmp_path: Path) -> None:
    """A level-2 model trained on few orders may be wrong at level 1; the level-1 model decides it."""
    from hotline.nlp.classifier import Sample
    from hotline.nlp.training import TOPIC_LEVEL1, TOPIC_LEVEL2, train_task

    models = tmp_path / "models"
    train_task(TOPIC_LEVEL1, [Sample(t, f"{t}，第{i}次反映", label) for i in range(6)
                              for texts, label in ((NOISE, "环境保护"), (WATER, "城乡建设")) for t in texts], models)
    # The centre's few sub-topic labels put water under 环境保护 (mislabelled) and noise under 城乡建设.
    train_task(TOPIC_LEVEL2, [Sample(t, f"{t}，第{i}次反映", label) for i in range(6)
                              for texts, label in ((NOISE, "城乡建设/物业"), (WATER, "环境保护/水污染"))
                              for t in texts], models)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(f"title,content\n{NOISE[0]},\n{WATER[0]},\n", encoding="utf-8")
    done = run(["classify", str(source), str(target), "--models", str(models)], cli_env)
    assert done.returncode == 0, done.stderr
    noise, water = [line.split(",") for line in target.read_text(encoding="utf-8").splitlines()[1:]]
    assert (noise[3], water[3]) == ("环境保护", "城乡建设")
    # The sub-topic is chosen under the level-1 answer: here the only one the centre has under each.
    assert (noise[7], water[7]) == ("环境保护/水污染", "城乡建设/物业")


def test_classify_refuses_a_file_without_text_columns_and_reads_gb18030(cli_env: dict[str, str],
                                                                         tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = run(["classify", str(bad), str(tmp_path / "o.csv"), "--models", str(tmp_path / "none")], cli_env)
    assert refused.returncode == 2 and "title" in refused.stderr
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("title,content\n咨询公积金怎么提取,\n".encode("gb18030"))
    done = run(["classify", str(gbk), str(tmp_path / "o.csv"), "--models", str(tmp_path / "none")], cli_env)
    assert done.returncode == 0, done.stderr
    assert "no trained models" in done.stderr
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()[1].startswith("咨询公积金怎么提取,,inquiry")
    public = tmp_path / "public.csv"  # the shape of 泰迪杯's details file
    public.write_text("detail,label\n咨询公积金怎么提取,劳动和社会保障\n", encoding="utf-8")
    done = run(["classify", str(public), str(tmp_path / "o.csv"), "--models", str(tmp_path / "none")], cli_env)
    assert done.returncode == 0, done.stderr
    labelled = (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()[1]
    assert labelled.startswith("咨询公积金怎么提取,劳动和社会保障,inquiry")
    chinese = tmp_path / "chinese.csv"  # a work-order system's export: Chinese headers, a BOM, CRLF
    chinese.write_text("\ufeff编号, 留言主题 ,留言详情\r\n1,,咨询公积金怎么提取\r\n", encoding="utf-8")
    done = run(["classify", str(chinese), str(tmp_path / "o.csv"), "--models", str(tmp_path / "none")], cli_env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()[1].startswith("1,,咨询公积金怎么提取,inquiry")
    missing = run(["train", "--data", str(tmp_path / "nowhere"), "--no-history"], cli_env)
    assert missing.returncode == 2 and "no such data folder" in missing.stderr
