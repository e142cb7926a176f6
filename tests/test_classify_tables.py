"""``hotline classify`` on Excel workbooks as well as CSV, run as a real process; a failed run leaves no
half-labelled file."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from itertools import zip_longest
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from hotline.cli.batch_labels import batches
from hotline.cli.models import OUTPUT_COLUMNS
from hotline.nlp.classifier import Sample
from hotline.nlp.training import TOPIC_LEVEL1, train_task
from tests.test_cli import NOISE, WATER, run


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models")
    train_task(TOPIC_LEVEL1, [Sample(t, f"{t}，第{i}次反映", label) for i in range(6)
                              for texts, label in ((NOISE, "环境保护"), (WATER, "城乡建设")) for t in texts], folder)
    return folder


def classify(source: Path, target: Path, models: Path) -> tuple[int, str]:
    done = run(["classify", str(source), str(target), "--models", str(models)], dict(os.environ))
    return done.returncode, done.stderr


def sheet_rows(path: Path) -> list[list[object]]:
    book = load_workbook(path, read_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def test_a_workbook_export_is_labelled_into_a_workbook_and_into_csv(models: Path, tmp_path: Path) -> None:
    source = tmp_path / "export.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["编号", "留言主题", "留言详情", "留言时间"])  # a work-order system's export
    sheet.append([1024, NOISE[0], None, dt.datetime(2026, 11, 28, 9, 30)])
    sheet.append([1025.0, None, "我家停水两天了", None])
    book.save(source)

    code, err = classify(source, tmp_path / "out.xlsx", models)
    assert code == 0, err
    header, *rows = sheet_rows(tmp_path / "out.xlsx")
    assert header == ["编号", "留言主题", "留言详情", "留言时间", *OUTPUT_COLUMNS]
    assert len(rows) == 2
    noise, water = (dict(zip_longest(header, row)) for row in rows)  # trailing empty cells are not stored
    assert noise["编号"] == "1024" and noise["留言时间"] == "2026-11-28 09:30:00"  # as a CSV export would hold them
    assert water["编号"] == "1025"  # a whole number typed as 1025.0
    assert (noise["topic"], water["topic"]) == ("环境保护", "城乡建设")
    assert isinstance(noise["topic_confidence"], float) and 0 < noise["topic_confidence"] <= 1  # a number in Excel
    assert noise["unit"] is None and noise["unit_confidence"] is None  # no unit model: empty, not guessed

    code, err = classify(source, tmp_path / "out.csv", models)
    assert code == 0, err
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(["编号", "留言主题", "留言详情", "留言时间", *OUTPUT_COLUMNS])
    cells = lines[1].split(",")
    assert cells[:4] == ["1024", NOISE[0], "", "2026-11-28 09:30:00"]
    assert cells[5] == "环境保护" and cells[6] == f"{noise['topic_confidence']:.4f}"


def test_several_processes_label_exactly_as_one(models: Path, tmp_path: Path) -> None:
    texts = [f"{t}，第{i}次反映" for i in range(130) for t in (NOISE[i % 5], WATER[i % 5])]
    source = tmp_path / "history.csv"
    source.write_text("编号,内容\n" + "".join(f"{n},{t}\n" for n, t in enumerate(texts)), encoding="utf-8")
    outputs = []
    for jobs in ("1", "3"):
        done = run(["classify", str(source), str(tmp_path / f"out{jobs}.csv"), "--models", str(models),
                    "--jobs", jobs], dict(os.environ))
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / f"out{jobs}.csv").read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    lines = outputs[0].splitlines()
    assert len(lines) == 261 and lines[1].startswith("0,") and lines[-1].startswith("259,")  # every row, in order
    assert {line.split(",")[3] for line in lines[1:]} == {"环境保护", "城乡建设"}


def test_text_excel_cannot_hold_is_dropped_when_writing_a_workbook(models: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    long_text = "停水" * 20_000  # longer than an Excel cell shows (32,767 characters)
    source.write_text(f"title,content\n小区停水\x07,{long_text}\n", encoding="utf-8")
    code, err = classify(source, tmp_path / "out.xlsx", models)
    assert code == 0, err
    _, row = sheet_rows(tmp_path / "out.xlsx")
    assert row[0] == "小区停水"  # a control character Excel refuses
    assert isinstance(row[1], str) and len(row[1]) == 32_767
    assert row[3] == "城乡建设"


def _damaged(source: Path, target: Path, keep: float) -> None:
    """``source`` with its sheet cut off after ``keep`` of it: the workbook opens, then fails on reading."""
    with zipfile.ZipFile(source) as whole, zipfile.ZipFile(target, "w") as cut:
        for item in whole.infolist():
            data = whole.read(item.filename)
            cut.writestr(item, data[: int(len(data) * keep)] if item.filename.endswith("sheet1.xml") else data)


def test_unreadable_workbooks_are_refused_and_leave_the_target_as_it_was(models: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("yesterday's labels\n", encoding="utf-8")

    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a workbook at all")
    code, err = classify(garbage, target, models)
    assert code == 2 and "无法读取工作簿" in err and "cannot read the workbook" in err

    whole = tmp_path / "whole.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title", "content"])
    for i in range(300):
        sheet.append([f"{WATER[i % len(WATER)]}，第{i}次", "希望尽快处理"])
    book.save(whole)
    _damaged(whole, tmp_path / "cut.xlsx", keep=0.5)  # part way through the rows
    code, err = classify(tmp_path / "cut.xlsx", target, models)
    assert code == 2 and "行无法读取" in err and "cannot be read" in err
    _damaged(whole, tmp_path / "headless.xlsx", keep=0.005)  # before the header row is whole
    code, err = classify(tmp_path / "headless.xlsx", target, models)
    assert code == 2 and "无法读取工作簿" in err and "Traceback" not in err

    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    code, err = classify(old, target, models)
    assert code == 2 and ".xls" in err and "xlsx" in err

    code, err = classify(whole, tmp_path / "no such folder" / "out.xlsx", models)
    assert code == 2 and "无法写入" in err and "cannot write" in err

    assert target.read_text(encoding="utf-8") == "yesterday's labels\n"  # nothing half-written over it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.xlsx", "garbage.xlsx", "headless.xlsx", "old.xls",
                                                          "out.csv", "whole.xlsx"]  # no partial file left behind


def test_rows_are_read_a_batch_at_a_time() -> None:
    rows = ({"n": str(i)} for i in range(5))  # a stream, as a file's rows are
    assert [[r["n"] for r in batch] for batch in batches(rows, 2)] == [["0", "1"], ["2", "3"], ["4"]]
    assert list(batches(iter([]), 2)) == []
