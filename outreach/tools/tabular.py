"""Works from a spreadsheet (CSV or XLSX), the shape a yearly recommended list arrives in,
turned into the records of the JSON import format.

The first row names the columns, in English (the JSON field names) or Chinese. Lists
(creators, topics, audiences, tags) are separated by 、 ； ; or |. A row without a key
gets one from its ISBN (isbn-9787…) or else from its title, so a list imported twice still
updates the same pages.

Bounded before anything is parsed: an XLSX's unpacked size and its sheets' declared rows and
columns are read from the zip's central directory and the sheet's <dimension>; CSV fields
longer than the csv module allows, broken sheets and Big5 files read as GB18030 are refused
with a message.
"""

import csv
import io
import re
import zipfile

from django.utils.text import slugify

from outreach.models import Language, WorkType
from outreach.validators import normalise_isbn

from .importer import DEFAULT_SUMMARY, MAX_RECORDS, ImportFileError, parse_json

COLUMNS = {
    "key": ("key", "标识"),
    "title": ("title", "标题", "作品名称", "书名", "名称"),
    "summary": ("summary", "简介", "内容简介"),
    "work_type": ("work_type", "类型", "作品类型"),
    "creators": ("creators", "作者", "创作者", "著者"),
    "publisher": ("publisher", "出版社", "出版单位", "出品单位", "出版/出品单位"),
    "year": ("year", "年份", "出版年份", "出版年"),
    "isbn": ("isbn", "ISBN", "书号"),
    "identifier": ("identifier", "其他标识"),
    "duration_minutes": ("duration_minutes", "时长", "时长（分钟）"),
    "language": ("language", "语言"),
    "original": ("original", "原创", "原创/译著"),
    "recommended_year": ("recommended_year", "推荐年度", "年度推荐"),
    "where_to_find": ("where_to_find", "在哪里看/读", "获取方式"),
    "where_to_find_url": ("where_to_find_url", "获取链接"),
    "brand": ("brand", "品牌", "所属品牌"),
    "topics": ("topics", "主题"),
    "audiences": ("audiences", "受众"),
    "tags": ("tags", "标签"),
    "body": ("body", "正文"),
}
LIST_COLUMNS = {"creators", "topics", "audiences", "tags"}
INT_COLUMNS = {"year", "duration_minutes", "recommended_year"}
SEPARATORS = re.compile(r"[、；;|]")
TRUE = {"true", "yes", "y", "1", "是", "原创"}
FALSE = {"false", "no", "n", "0", "否", "译著", "翻译", "引进"}
HEADER_LOOKUP = {alias.strip().lower(): name for name, aliases in COLUMNS.items() for alias in aliases}
MAX_COLUMNS = 64
MAX_XLSX_UNPACKED = 64 * 1024 * 1024  # bytes, all parts of the workbook together
# Simplified-Chinese text in GB18030 is almost all in GB2312; Big5 bytes read as GB18030 give
# many characters outside it (about 4 in 10).
MISREAD_SHARE = 0.02


def decode(raw):
    """Spreadsheet programs in China often save CSV as GB18030; try UTF-8 first. A Big5
    (traditional Chinese) file also decodes as GB18030, into nonsense: refused by name."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError(["CSV 文件的编码无法识别（请另存为 UTF-8）。"]) from None
    if looks_like_big5(raw, text):
        raise ImportFileError(
            ["CSV 文件似乎是 Big5（繁体中文）编码，按 GB18030 读出来是乱码：请在表格软件中另存为 UTF-8 后再导入。"]
        )
    return text


def looks_like_big5(raw, text):
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return False
    try:
        raw.decode("big5")
    except UnicodeDecodeError:
        return False
    outside = 0
    for char in wide:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            outside += 1
    return outside / len(wide) > MISREAD_SHARE


def rows_from_csv(raw, max_rows=MAX_RECORDS + 1):
    text = decode(raw) if isinstance(raw, bytes) else raw
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > max_rows:
                raise ImportFileError([too_many_rows(max_rows)])
    except csv.Error as error:
        limit = csv.field_size_limit()
        detail = f"字段过长（一格最多 {limit} 个字符）" if "field limit" in str(error) else f"格式错误（{error}）"
        raise ImportFileError([f"第 {reader.line_num} 行：{detail}。"]) from None
    return rows


def too_many_rows(max_rows):
    return f"表格超过 {max_rows - 1} 行数据：请分成几个文件导入（或在服务器上用 manage.py import_outreach）。"


def cell_index(ref):
    """A cell reference ("AB12") -> (12, 28): the row and column a cell reference names."""
    match = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d{1,7})", ref)
    if not match:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def check_xlsx(raw, max_rows, max_unpacked=MAX_XLSX_UNPACKED):
    """Refuses a workbook that would unpack too big or declares too many rows or columns,
    from the zip's central directory and each sheet's first bytes, before openpyxl reads it.
    (zipfile never unpacks more than a member's declared size.)"""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ImportFileError(["不是有效的 XLSX 文件。"]) from None
    unpacked = sum(info.file_size for info in members)
    if unpacked > max_unpacked or len(members) > 1000:
        raise ImportFileError(
            [
                f"XLSX 文件解压后有 {unpacked / 1024 / 1024:.0f} MB，超过 {max_unpacked // 1024 // 1024} MB 的上限："
                "请删去多余的工作表、图片和格式，或分成几个文件。"
            ]
        )
    for info in members:
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        try:
            with archive.open(info) as sheet:
                head = sheet.read(8192)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise ImportFileError(["不是有效的 XLSX 文件（工作表已损坏）。"]) from None
        found = re.search(rb'<(?:\w+:)?dimension\s+ref="([A-Z$0-9]+)(?::([A-Z$0-9]+))?"', head)
        if not found:
            continue
        last = cell_index((found.group(2) or found.group(1)).decode())
        if last is not None and last[0] > max_rows:
            raise ImportFileError([too_many_rows(max_rows)])
        if last is not None and last[1] > MAX_COLUMNS:
            raise ImportFileError([f"表格有 {last[1]} 列，最多 {MAX_COLUMNS} 列。"])


def rows_from_xlsx(raw, max_rows=MAX_RECORDS + 1):
    from openpyxl import load_workbook

    check_xlsx(raw, max_rows)
    rows = []
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(["" if cell is None else str(cell) for cell in row])
            if len(rows) > max_rows:
                raise ImportFileError([too_many_rows(max_rows)])
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds (zip, XML, values) for a broken workbook
        raise ImportFileError(["不是有效的 XLSX 文件（无法读取工作表，文件可能已损坏）。"]) from None
    return rows


def works_from_rows(rows, site_key=None):
    """Rows (the first one naming the columns) -> an import file's data."""
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        raise ImportFileError(["表格是空的：第一行应为列名，例如 标题、类型、作者、ISBN。"])
    header = [HEADER_LOOKUP.get(str(cell).strip().lower()) for cell in rows[0]]
    unknown = [str(cell) for cell, name in zip(rows[0], header, strict=True) if name is None and str(cell).strip()]
    if unknown:
        raise ImportFileError([f"未知的列：{'、'.join(unknown)}（可用：{'、'.join(COLUMNS)}，或其中文列名）。"])
    if "title" not in header:
        raise ImportFileError(["缺少“标题”（title）列。"])
    works, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        record = {}
        for name, cell in zip(header, row, strict=False):
            value = str(cell).strip()
            if name is None or value == "":
                continue
            record[name] = convert(name, value)
        if "original" in record and record["original"] is None:
            errors.append(
                f'第 {number} 行 → original：应为 原创/译著 或 是/否，而不是 "{row[header.index("original")]}"。'
            )
            continue
        record.setdefault("key", row_key(record))
        record[DEFAULT_SUMMARY] = summary_line(record)
        record["key"] = str(record["key"])
        works.append(record)
    if errors:
        raise ImportFileError(errors)
    data = {"works": works}
    if site_key:
        data["site"] = site_key
    return data


def convert(name, value):
    if name in LIST_COLUMNS:
        return [part.strip() for part in SEPARATORS.split(value) if part.strip()]
    if name in INT_COLUMNS:
        return value[:-2] if value.endswith(".0") else value  # spreadsheets turn 2024 into 2024.0
    if name == "original":
        lowered = value.lower()
        return True if lowered in TRUE else False if lowered in FALSE else None
    if name == "work_type":
        return choice_value(WorkType, value)
    if name == "language":
        return choice_value(Language, value)
    if name == "body":
        return value.replace("\r\n", "\n")
    return value


def choice_value(choices, value):
    """A choice by its value (book) or its Chinese label (图书)."""
    for choice_value_, label in choices.choices:
        if value in (choice_value_, str(label)):
            return choice_value_
    return value


def summary_line(record):
    """《深海探秘》，张三、李四著，上海科学技术出版社，2021 年。"""
    parts = [f"《{record.get('title', '')}》"]
    if record.get("creators"):
        parts.append("、".join(record["creators"]) + "著")
    parts += [str(record[name]) for name in ("publisher",) if record.get(name)]
    if record.get("year"):
        parts.append(f"{record['year']} 年")
    return "，".join(parts) + "。"


def row_key(record):
    isbn = normalise_isbn(record.get("isbn", ""))
    if isbn:
        return f"isbn-{isbn.lower()}"
    return slugify(record.get("title", ""), allow_unicode=True)[:80] or "work"


def data_from_upload(name, raw, site_key=None, max_records=MAX_RECORDS):
    """An uploaded file's data by its extension: .json, .csv or .xlsx. Spreadsheets stop
    reading after `max_records` rows."""
    lowered = (name or "").lower()
    if lowered.endswith(".csv"):
        return works_from_rows(rows_from_csv(raw, max_records + 1), site_key)
    if lowered.endswith(".xlsx"):
        return works_from_rows(rows_from_xlsx(raw, max_records + 1), site_key)
    if lowered.endswith(".json"):
        return parse_json(raw)
    raise ImportFileError(["只能导入 .json、.csv 或 .xlsx 文件。"])
