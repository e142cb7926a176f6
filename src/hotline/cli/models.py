"""``hotline train`` and ``hotline classify``: build the text models, and label a CSV file with them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from hotline.cli.batch_labels import BATCH_ROWS, LABEL_COLUMNS, batches, labeller
from hotline.cli.tables import TableError, open_table, write_table

DataOption = Annotated[Path | None, typer.Option(
    "--data", help="A data folder laid out like ../shared/data (default: ../shared/data when it exists)")]
ModelsOption = Annotated[Path | None, typer.Option(
    "--models", help="Where the versioned models live (default: HOTLINE_MODELS_DIR, ./models)")]

OUTPUT_COLUMNS = LABEL_COLUMNS
# The headers a centre's own export may give the two text columns (the first one present is read): the
# platform's, common work-order system exports, the 泰迪杯 files (留言主题, 留言详情; detail), MSGABench's
# (留言; 用户问题, a question, is read as a title as the unit model learned it), and other English names.
TEXT_COLUMNS = {"title": ("title", "标题", "工单标题", "诉求标题", "留言主题", "主题", "用户问题", "subject"),
                "content": ("content", "内容", "诉求内容", "工单内容", "来电内容", "留言详情", "详情", "留言",
                            "detail", "details", "text", "body", "message", "description")}
MAX_FIELD_CHARS = 100_000  # a cell larger than this is cut: csv's own limit is 128 KiB


def _text_columns(columns: list[str]) -> dict[str, str | None]:
    """The input column read as the title and as the content (None: absent); headers match trimmed, any case."""
    by_name = {column.strip().lower(): column for column in columns}
    return {field: next((by_name[name] for name in names if name in by_name), None)
            for field, names in TEXT_COLUMNS.items()}


def train(data: DataOption = None, models: ModelsOption = None,
          history: Annotated[bool, typer.Option(help="Also learn from the centre's own orders")] = True,
          history_limit: Annotated[int, typer.Option(help="Newest orders to learn from", min=0,
                                                     max=5_000_000)] = 3_000) -> None:
    """Train the topic, appeal-type and unit models (CPU, offline) · 训练分类模型."""
    from hotline.services.demo_sources import default_data_dir
    from hotline.services.training import train_models
    from hotline.settings import Settings

    settings = Settings()
    data_dir = data if data is not None else default_data_dir()
    if data is not None and not data.is_dir():
        typer.echo(f"错误 / error: 数据目录不存在 / no such data folder: {data}", err=True)
        raise typer.Exit(2)
    db = None
    if history:
        from hotline.cli.main import _database

        settings, db = _database()
    models_dir = models or settings.models_dir

    def progress(message: str, fraction: float) -> None:
        typer.echo(f"[{fraction:4.0%}] {message}", err=True)

    typer.echo(f"data: {data_dir or '(none: the centre history only)'}; models: {models_dir}", err=True)
    report, history_counts = train_models(db, data_dir=data_dir, models_dir=models_dir, progress=progress,
                                          history_limit=history_limit)
    if history:
        typer.echo("centre history: " + ", ".join(f"{k} {v}" for k, v in history_counts.items()), err=True)
    for line in report.lines():
        typer.echo(line)
    if not report.models:
        typer.echo("错误 / error: 没有可训练的数据 / nothing to train on", err=True)
        raise typer.Exit(1)


def classify(
    source: Annotated[Path, typer.Argument(help="CSV or Excel (.xlsx) with columns title and content (either may "
                                                "be empty; also 标题/内容, 留言主题/留言详情 …)")],
    target: Annotated[Path, typer.Argument(help="CSV or .xlsx to write: the input columns plus "
                                                + ", ".join(OUTPUT_COLUMNS))],
    models: ModelsOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64,
                                      help="Processes labelling in parallel (they share the loaded models)")] = 1,
) -> None:
    """Classify a CSV or Excel file of appeals with the trained models · 批量分类."""
    import logging

    from hotline.services.models import ModelHub
    from hotline.settings import Settings

    logging.basicConfig(format="warning: %(message)s", level=logging.WARNING)  # a model that cannot be loaded
    models_dir = models or Settings().models_dir
    hub = ModelHub(models_dir)  # the same models and choices as the registration's suggestions
    if not hub.load():
        typer.echo(f"warning: no trained models in {models_dir} (run `hotline train`): appeal types come from "
                   "the rules, topics and units stay empty", err=True)
    started, done = time.perf_counter(), 0
    try:
        with open_table(source) as table:
            text = _text_columns(table.columns)
            if text["title"] is None and text["content"] is None:
                typer.echo("错误 / error: 输入须有标题或内容列 / the input needs a title or content column ("
                           + " / ".join(f"{field}: {', '.join(names)}" for field, names in TEXT_COLUMNS.items())
                           + ")", err=True)
                raise typer.Exit(2)
            columns = [*table.columns, *(c for c in OUTPUT_COLUMNS if c not in table.columns)]
            with write_table(target, columns) as write, labeller(hub, jobs) as label:
                for batch in batches(table.rows, BATCH_ROWS):
                    texts = [((row.get(text["title"] or "") or "")[:MAX_FIELD_CHARS],
                              (row.get(text["content"] or "") or "")[:MAX_FIELD_CHARS]) for row in batch]
                    for row, cells in zip(batch, label(texts), strict=True):
                        write({**row, **cells})
                    done += len(batch)
                    if len(batch) == BATCH_ROWS:
                        typer.echo(f"{done:,} rows, {done / (time.perf_counter() - started):,.0f}/s", err=True)
    except TableError as exc:
        typer.echo(f"错误 / error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"classified {done:,} rows into {target} in {time.perf_counter() - started:.1f} s", err=True)
