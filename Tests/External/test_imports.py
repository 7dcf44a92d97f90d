"""Imports as committees have their records, against the real server: workbooks written by openpyxl (the Python
library from PyPI that writes .xlsx as Excel does: shared strings, numbers, date cells), CSV saved in GBK, and hostile
files — an old .xls, UTF-16 text, bytes that are no text, a ZIP that is no workbook, a part that unzips past the limit
(a ZIP bomb), a sheet declaring entities, a bad check character, an ID number twice. A good file is applied whole; a
refused one applies nothing and names the rows of the sheet.

Environment: CHENGYUN_URL.
"""
import datetime
import io
import os
import unittest
import zipfile

import openpyxl
import requests

BASE = os.environ.get("CHENGYUN_URL", "http://127.0.0.1:18080").rstrip("/")
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def token(user):
    reply = requests.post(f"{BASE}/api/v1/auth/login", json={"username": user, "password": "chengyun-demo"})
    reply.raise_for_status()
    return reply.json()["token"]


def id_number(serial):
    """A valid ID number (GB 11643 check character) born 1960-01-01 in 110105, with a serial of its own."""
    first17 = f"11010519600101{serial:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def workbook(rows, sheet_before=False):
    """The bytes of an .xlsx as openpyxl writes it; `sheet_before` puts an empty sheet after the data's (the first is read)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "实有人口"
    for row in rows:
        sheet.append(row)
    if sheet_before:
        book.create_sheet("说明").append(["这一页不是数据"])
    for cell in sheet["E"][1:]:
        cell.number_format = "yyyy/m/d"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


class ImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.headers = {"Authorization": f"Bearer {token(WORKER)}"}

    def residents(self):
        reply = requests.get(f"{BASE}/api/v1/base-data/counts", headers=self.headers)
        reply.raise_for_status()
        return reply.json()["counts"]["residents"]

    def send(self, data, kind=XLSX, path="/api/v1/residents/import"):
        return requests.post(f"{BASE}{path}", headers={**self.headers, "Content-Type": kind}, data=data)

    def test_a_workbook_is_applied_whole(self):
        before = self.residents()
        header = ["居委编码", "姓名", "公民身份号码", "类别", "入住日期"]
        # The committee's code as a number cell and the day as a date cell, as a typed-in sheet has them.
        data = workbook([header, [int(COMMITTEE), "表格甲", id_number(301), "户籍", datetime.date(2024, 3, 1)],
                         [int(COMMITTEE), "表格乙", id_number(302), "常住", datetime.date(2025, 12, 31)]], sheet_before=True)
        reply = self.send(data)
        self.assertEqual(reply.status_code, 201, reply.text)
        self.assertEqual(reply.json()["accepted"], 2)
        self.assertEqual(self.residents(), before + 2)

    def test_b_a_refused_workbook_names_its_rows_and_applies_nothing(self):
        before = self.residents()
        bad = id_number(311)[:17] + ("1" if id_number(311)[17] != "1" else "2")
        data = workbook([["居委编码", "姓名", "身份证号", "类别"],
                         [COMMITTEE, "表格丙", id_number(310), "户籍"],
                         [COMMITTEE, "表格丁", bad, "户籍"],
                         [COMMITTEE, "表格戊", id_number(310), "户籍"]])
        reply = self.send(data)
        self.assertEqual(reply.status_code, 422, reply.text)
        rejected = reply.json()["report"]["rejected"]
        self.assertEqual([r["line"] for r in rejected], [3, 4], "rows of the sheet")
        self.assertEqual({r["field"] for r in rejected}, {"idNumber"})
        self.assertEqual(self.residents(), before, "nothing applied")

    def test_b2_an_id_number_excel_kept_as_a_number_says_so(self):
        """Typed into a number cell, Excel keeps 15 significant digits: the row is refused with its own code, which tells the
        committee to format the column as text."""
        before = self.residents()
        rounded = float(id_number(320)[:15] + "000")
        reply = self.send(workbook([["居委编码", "姓名", "身份证号", "类别"], [COMMITTEE, "表格己", rounded, "户籍"]]))
        self.assertEqual(reply.status_code, 422, reply.text)
        rejected = reply.json()["report"]["rejected"]
        self.assertEqual([("resident.id_number_rounded", "idNumber")], [(r["code"], r["field"]) for r in rejected], reply.text)
        self.assertEqual(self.residents(), before)

    def test_c_a_gbk_csv_is_read(self):
        before = self.residents()
        text = f"居委编码,姓名,身份证号,类别\r\n{COMMITTEE},编码乙,{id_number(320)},户籍\r\n"
        reply = self.send(text.encode("gbk"), kind="text/csv")
        self.assertEqual(reply.status_code, 201, reply.text)
        self.assertEqual(self.residents(), before + 1)

    def test_d_hostile_files_are_refused_with_a_reason(self):
        before = self.residents()
        header = "<?xml version='1.0'?>"
        laughs = (f"{header}<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;'>]>"
                  "<worksheet><sheetData><row r='1'><c t='inlineStr'><is><t>&lol2;</t></is></c></row></sheetData></worksheet>")
        book = (f"{header}<workbook xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
                "<sheets><sheet name='a' sheetId='1' r:id='rId1'/></sheets></workbook>")
        files = {
            "an old .xls": bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504,
            "UTF-16 text": "居委编码,姓名\n".encode("utf-16"),
            "bytes that are no text": bytes(range(128, 256)) * 4,
            "a ZIP that is no workbook": zipped({"readme.txt": "hello"}),
            "a damaged ZIP": b"PK\x03\x04" + b"\x01" * 200,
            "a ZIP bomb": zipped({"xl/workbook.xml": book, "xl/worksheets/sheet1.xml": b"<" * (65 << 20)}),
            "entities": zipped({"xl/workbook.xml": book, "xl/worksheets/sheet1.xml": laughs}),
            "a column past XFD": zipped({"xl/workbook.xml": book, "xl/worksheets/sheet1.xml":
                                         f"{header}<worksheet><sheetData><row r='1'><c r='ZZZZ1' t='inlineStr'><is><t>x</t></is></c></row></sheetData></worksheet>"}),
        }
        for name, data in files.items():
            with self.subTest(name):
                reply = self.send(data, kind="application/octet-stream")
                self.assertEqual(reply.status_code, 400, f"{name}: {reply.text[:300]}")
                error = reply.json()["error"]
                self.assertEqual((error["code"], error["field"]), ("resident_import.unreadable", "file"), name)
        self.assertEqual(self.residents(), before)

    def test_e_a_ledger_workbook(self):
        today = datetime.date.today()
        data = workbook([["台账", "日期", "标题", "人数", "原编号"], ["活动开展记录", today, "表格里的活动", 12, "XLSX-1"]])
        path = "/api/v1/ledger-entries/import"
        first = self.send(data, path=path)
        self.assertEqual(first.status_code, 201, first.text)
        self.assertEqual(first.json()["accepted"], 1)
        again = self.send(data, path=path)
        self.assertEqual(again.status_code, 201, again.text)
        entries = requests.get(f"{BASE}/api/v1/ledger-entries", headers=self.headers, params={"limit": 100}).json()["items"]
        self.assertEqual(len([e for e in entries if e["title"] == "表格里的活动"]), 1, "imported once, the same entry again")


if __name__ == "__main__":
    unittest.main()
