"""The tables ``hotline classify`` reads and writes: CSV, or an Excel workbook (.xlsx), which is what most
work-order systems export and what a centre's staff open.

CSV is read as UTF-8 (with or without a BOM) or GB18030, what Excel writes on a Chinese Windows, and
written as UTF-8. A workbook is read from its first sheet, whose first row names the columns. Output is
written to a temporary file beside the target and renamed over it at the end, so a run that fails half
way leaves no half-labelled file behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
EXCEL_CELL_CHARS = 32_767  # the most Excel shows in a cell: a longer text is cut on writing
Value = str | float | None  # a cell to write: text, a number (confidences), or empty


class TableError(Exception):
    """A table that cannot be read or written; the message is for the person at the terminal."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")


def is_excel(path: Path) -> bool:
    return path.suffix.lower() in EXCEL_SUFFIXES


def _refuse_old_excel(path: Path) -> None:
    if path.suffix.lower() == ".xls":
        raise TableError("不支持旧版 Excel (.xls)，请另存为 .xlsx 或 CSV",
                         "old Excel files (.xls) are not read: save as .xlsx or CSV")


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), or GB18030."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a character cut at the end of the sample
                return encoding
    return "utf-8-sig"


@dataclass
class Table:
    columns: list[str]
    rows: Iterator[dict[str, str]]  # raises TableError on a row that cannot be read


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number: 1024, not 1024.0
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[dict[str, str]]:
    line = 1  # the header
    try:
        for row in reader:
            line += 1
            yield {k: v or "" for k, v in row.items() if k is not None}
    except (csv.Error, UnicodeDecodeError) as exc:
        raise TableError(f"第 {line + 1} 行无法读取：{exc}", f"row {line + 1} is malformed: {exc}") from None


def _excel_rows(rows: Iterator[tuple[Any, ...]], columns: list[str]) -> Iterator[dict[str, str]]:
    line = 1  # the header
    try:
        for values in rows:
            line += 1
            if any(v is not None for v in values):  # Excel keeps empty formatted rows: skipped
                yield {c: _cell_text(v) for c, v in zip(columns, values, strict=False) if c}
    except (OSError, KeyError, ValueError, ParseError) as exc:  # a damaged sheet, found while reading on
        raise TableError(f"第 {line + 1} 行无法读取：{exc}", f"row {line + 1} cannot be read: {exc}") from None


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """The columns and rows of a CSV file or of a workbook's first sheet."""
    _refuse_old_excel(path)
    if is_excel(path):
        from zipfile import BadZipFile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        unreadable = (OSError, BadZipFile, KeyError, ValueError, IndexError, ParseError, InvalidFileException)
        try:
            book = load_workbook(path, read_only=True, data_only=True)  # values, not formulas
        except unreadable as exc:
            raise TableError(f"无法读取工作簿 {path}：{exc}", f"cannot read the workbook {path}: {exc}") from None
        try:
            try:
                rows = book.worksheets[0].iter_rows(values_only=True)  # IndexError: only chart sheets
                columns = [_cell_text(c).strip() for c in next(rows, ())]
            except unreadable as exc:
                raise TableError(f"无法读取工作簿 {path}：{exc}", f"cannot read the workbook {path}: {exc}") from None
            yield Table(columns, _excel_rows(rows, columns))
        finally:
            book.close()
        return
    csv.field_size_limit(sys.maxsize)
    try:
        # Undecodable bytes become U+FFFD: the row is still read, its text judged garbled.
        handle = path.open(encoding=_csv_encoding(path), errors="replace", newline="")
    except OSError as exc:
        raise TableError(f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        yield Table(list(reader.fieldnames or []), _csv_rows(reader))


class _CsvRows:
    """Rows into a UTF-8 CSV file; confidences with four decimals."""

    def __init__(self, target: Path, columns: list[str]) -> None:
        self.columns = columns
        self._out = target.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._out)
        self._writer.writerow(columns)

    def append(self, row: dict[str, Value]) -> None:
        self._writer.writerow(["" if v is None else f"{v:.4f}" if isinstance(v, float) else v
                               for v in map(row.get, self.columns)])

    def finish(self) -> None:
        self._out.close()

    def close(self) -> None:
        self._out.close()


class _ExcelRows:
    """Rows into a one-sheet workbook, streamed (openpyxl's write-only mode keeps them out of memory);
    confidences as numbers."""

    def __init__(self, target: Path, columns: list[str]) -> None:
        from openpyxl import Workbook

        self.columns, self._target = columns, target
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("classified")
        self._sheet.append(columns)

    @staticmethod
    def _cell(value: Value) -> Value:
        if not isinstance(value, str):
            return value
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        # Control characters Excel refuses are dropped; a longer text than a cell shows is cut.
        return str(ILLEGAL_CHARACTERS_RE.sub("", value))[:EXCEL_CELL_CHARS]

    def append(self, row: dict[str, Value]) -> None:
        self._sheet.append([self._cell(v) for v in map(row.get, self.columns)])

    def finish(self) -> None:
        self._book.save(self._target)

    def close(self) -> None:
        pass


def _cannot_write(path: Path, exc: OSError) -> TableError:
    return TableError(f"无法写入 {path}：{exc.strerror}", f"cannot write {path}: {exc.strerror}")


@contextmanager
def write_table(path: Path, columns: list[str]) -> Iterator[Callable[[dict[str, Value]], None]]:
    """A function that writes one row (missing columns empty); the file appears only once all went well."""
    _refuse_old_excel(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")  # same folder: the rename is atomic
    try:
        rows = (_ExcelRows if is_excel(path) else _CsvRows)(partial, columns)
    except OSError as exc:
        raise _cannot_write(path, exc) from None

    def write(row: dict[str, Value]) -> None:
        try:
            rows.append(row)
        except OSError as exc:
            raise _cannot_write(path, exc) from None

    try:
        yield write
        try:
            rows.finish()
            os.replace(partial, path)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
    finally:
        rows.close()
        partial.unlink(missing_ok=True)
