#!/usr/bin/env python3
"""Rebuild some corpus tables as .xlsx workbooks, the way the publishing unit's spreadsheet would hold them.

Each workbook is made from its CSV (the transcription of record) and a list of merged ranges read off the published
layout. The text shown in every cell stays exactly the CSV text:

- merged ranges become real merges, with the value in the top-left cell only (the CSV already leaves the rest empty;
  the script checks that);
- a cell whose whole text is a plain number is stored as a number, with a number format that displays the same text
  (238.93 -> 0.00, 215,457.6 -> #,##0.0, 8,827,620.53 -> #,##0.00);
- a cell whose whole text is a percentage is stored as a fraction with a percent format (100% -> 1 with 0%,
  86.19% -> 0.8619 with 0.00%);
- a cell whose whole text is a date (2023-01-01, 2021年12月31日) is stored as a date with a matching format;
- everything else, including values with comparators or units (=100%, ≥95%, 20万元), stays text. Numbers of 11 or more
  digits (telephone numbers) stay text.

Output is deterministic (fixed document properties and zip timestamps). Run from anywhere:
    python3 corpus/tables/make_xlsx.py        (needs openpyxl)
"""

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
FIXED_DT = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_DT = (2024, 1, 1, 0, 0, 0)

# file stem -> merged ranges as published (A1 notation)
MERGES = {
    "sichuan-qingshen-2023-gongzixing-zhichu": [
        "A1:K1", "A2:K2", "B3:K3", "B4:F4", "H4:K4", "A5:A7", "B5:B6", "C5:F5", "G5:K5", "C6:F6", "G6:K6",
        "C7:K7", "A8:A13", "I8:K8", "I9:K13", "A14:A16", "A17:H17", "B18:K18", "B19:K19", "B20:K20", "A21:F21",
        "G21:K21",
    ],
    "hunan-yueyangxian-2022-gaobiaozhun-nongtian": [
        "A1:E1", "A2:E2", "D3:E3", "D4:E4", "A5:A7", "C5:E5", "C6:E6", "C7:E7", "A8:A9", "B8:E8", "B9:E9",
        "A10:A22", "B11:B15", "C11:C12", "B16:B21", "C17:C18", "C19:C20", "A23:E23",
    ],
    "sichuan-suining-anju-shichang-jianguan-2021-shipin-jianguan": [
        "A1:G1", "B2:G2", "B3:D3", "E3:G4", "B4:D4", "B5:D5", "E5:G5", "A6:A8", "F6:G8", "A9:A13", "B9:C9",
        "D9:E9", "F9:G13", "B10:C10", "D10:E10", "B11:C11", "D11:E11", "B12:C12", "D12:E12", "B13:C13", "D13:E13",
        "A14:A23", "B15:B21", "C15:C20", "B22:B23", "C22:C23",
    ],
    "jiangxi-fuliang-linye-2026-zhengti": [
        "A1:G1", "A2:G2", "F3:G3", "B4:G4", "B5:G5", "A6:G6", "B7:G7", "A9:A21", "B9:B20",
    ],
    "shanghai-putuo-tiyu-2022-weituo-yunying-jiesuan": [
        "A1:I1", "A2:I2", "B3:I3", "B4:D4", "F4:I4", "A5:A9", "A10:A11", "B10:D10", "E10:I10", "B11:D11",
        "E11:I11", "A12:A17", "B13:B15", "A18:F18",
    ],
    "hebei-ningjin-2019-gaozhong-zhuxuejin": [
        "A1:G1", "A3:A9", "B4:B5", "B6:B7", "A10:E10",
    ],
    "sichuan-jingyan-mata-2023-cunzu-ganbu": [
        "A1:L1", "A2:L2", "A5:A16", "B5:B12", "C5:C12", "D5:D12", "B13:B16", "C13:C16", "D13:D16",
    ],
    "gansu-jiayuguan-bowuguan-2023-mianfei-kaifang": [
        "A1:D1", *[f"B{r}:D{r}" for r in range(2, 27)], "A28:A30", "A31:A33", "A34:A36",
    ],
}

NUM = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
PCT = re.compile(r"-?\d+(\.\d+)?%")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def typed(text: str):
    """(value, number_format) for a cell whose displayed text must stay `text`."""
    if NUM.fullmatch(text):
        digits = text.replace(",", "").lstrip("-").split(".")[0]
        if len(digits) >= 11:
            return text, None
        decimals = len(text.split(".")[1]) if "." in text else 0
        grouped = "," in text
        value = Decimal(text.replace(",", ""))
        value = int(value) if decimals == 0 else float(value)
        if grouped:
            return value, "#,##0" + ("." + "0" * decimals if decimals else "")
        if decimals and str(value) != text:  # 238.90 or 0.00: keep the trailing zeros on display
            return value, "0." + "0" * decimals
        return value, None
    if PCT.fullmatch(text):
        body = text[:-1]
        decimals = len(body.split(".")[1]) if "." in body else 0
        return float(Decimal(body) / 100), "0" + ("." + "0" * decimals if decimals else "") + "%"
    m = ISO_DATE.fullmatch(text)
    if m:
        return dt.datetime(*map(int, m.groups())), "yyyy-mm-dd"
    m = CN_DATE.fullmatch(text)
    if m:
        return dt.datetime(*map(int, m.groups())), 'yyyy"年"m"月"d"日"'
    return text, None


def normalize_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for member in src.infolist():
            zi = zipfile.ZipInfo(member.filename, date_time=ZIP_DT)
            zi.compress_type = member.compress_type
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            dst.writestr(zi, src.read(member.filename))
    return out.getvalue()


def build(stem: str, merges: list[str]) -> Path:
    rows = list(csv.reader((HERE / f"{stem}.csv").open(encoding="utf-8", newline="")))
    wb = Workbook()
    p = wb.properties
    p.creator = p.lastModifiedBy = "jixiao corpus"
    p.created = p.modified = FIXED_DT
    ws = wb.active
    ws.title = "Sheet1"
    wrap = Alignment(wrap_text=True, vertical="center")
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            if text == "":
                continue
            value, fmt = typed(text)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                # Published text such as "=100%" is text in the table, not a formula to compute.
                cell.data_type = "s"
            if fmt:
                cell.number_format = fmt
            if "\n" in text:
                cell.alignment = wrap
    for rng in merges:
        cells = ws[rng]
        rest = [cell for line in cells for cell in line][1:]
        assert all(cell.value is None for cell in rest), f"{stem}: {rng} covers a filled cell"
        ws.merge_cells(rng)
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not wb.save(): that would stamp properties.modified with the current time
    out = HERE / f"{stem}.xlsx"
    out.write_bytes(normalize_zip(buf.getvalue()))
    return out


if __name__ == "__main__":
    for stem, merges in MERGES.items():
        print(build(stem, merges).name)
