"""台账 in headless Chromium against the real server (the demo city's first committee and street):

- a committee's worker, on a 375-px phone, reads the month's report generated from the data, types a meeting entry
  once (the report counts it), imports an older system's file — refused whole with every bad row explained in
  Chinese, then a good one; corrects an entry's participants (the report follows), keeps the photographed sign-in
  sheet with it (台账附件), and withdraws another, saying why (refused in Chinese without a reason; kept, out of the list
  and the report);
- the first street's duty officer, at 1920 px, reads a row per committee in the tree's order that agrees with the
  API, drills into one, and downloads the workbook (a watermarked XLSX);
- the English page in English.

Screenshots go to CHENGYUN_LEDGER_SHOTS (default /tmp/ledger-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import tempfile
import time

import requests
from selenium.webdriver.common.by import By

from test_console import BASE, WebDriverWait, api_token, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_LEDGER_SHOTS", "/tmp/ledger-shots"))
KEYS = ("ledgers", "base")
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"
STREET_DUTY = "duty.s1"


def figure(row, code, items):
    item = next(i for i in items if i["code"] == code)
    return next(f for f in row["figures"] if f["itemId"] == item["id"])


class LedgerPages(DeskAndPhone):
    shots = SHOTS
    page = "#/ledgers"

    def csv(self, text):
        path = pathlib.Path(tempfile.mkdtemp()) / "old-ledgers.csv"
        path.write_text(text, encoding="utf-8-sig")
        return str(path)

    def test_1_worker_on_a_phone(self):
        p = self.phone
        before = api_get(WORKER, "/api/v1/ledgers/report")
        self.assertGreater(figure(before["rows"][0], "meeting", before["items"])["count"], 0, "the demo keeps weekly meetings")
        self.open(p, WORKER)
        self.assertFalse(p.find_elements(By.ID, "ledger-table"), "a committee's month is a list on its own, not a table")
        self.assertEqual(len(before["items"]), len(p.find_elements(By.CSS_SELECTOR, "#ledger-figures dd")))
        self.assertIn("自动生成", p.find_element(By.ID, "ledger-generated").text)
        look(self, p, "worker-report", self.shots, KEYS)

        title = f"楼组长会议 {int(time.time()) % 100000}"
        meeting = next(i for i in before["items"] if i["code"] == "meeting")
        p.find_element(By.CSS_SELECTOR, f"#ledger-item option[value='{meeting['id']}']").click()
        p.find_element(By.ID, "ledger-title").send_keys(title)
        p.find_element(By.ID, "ledger-place").send_keys("居委会议室")
        p.find_element(By.ID, "ledger-people").send_keys("12")
        self.step(p, lambda: p.find_element(By.ID, "ledger-save").click())
        self.assertIn(title, p.find_element(By.ID, "ledger-entries").text)
        after = api_get(WORKER, "/api/v1/ledgers/report")
        self.assertEqual(figure(after["rows"][0], "meeting", after["items"])["count"], figure(before["rows"][0], "meeting", before["items"])["count"] + 1)
        cell = p.find_element(By.CSS_SELECTOR, f"#ledger-figures dd[data-item='{meeting['id']}'] strong")
        self.assertEqual(str(figure(after["rows"][0], "meeting", after["items"])["count"]), cell.text)

        # An older system's file: refused whole, each bad row said in Chinese; then a good one.
        today = after["through"]
        bad = f"台账,日期,标题,人数,原编号\n活动开展记录,{today},旧活动,8,OLD-{title}\n问题处置记录,{today},不该录,1,OLD-2\n活动开展记录,2026-02-30,坏日期,1,OLD-3\n"
        p.find_element(By.ID, "ledger-import-file").send_keys(self.csv(bad))
        p.find_element(By.ID, "ledger-import-send").click()
        WebDriverWait(p, 10).until(lambda d: d.find_elements(By.ID, "ledger-import-report"))
        report = p.find_element(By.ID, "ledger-import-report").text
        self.assertIn("自动生成", report)
        self.assertIn("日期格式", report)
        p.execute_script("document.getElementById('ledger-import-panel').scrollIntoView()")
        look(self, p, "worker-import-refused", self.shots, KEYS, refusal=True)
        good = f"台账,日期,标题,人数,原编号\n活动开展记录,{today},旧系统的活动,8,OLD-{title}\n"
        self.open(p, WORKER)
        p.find_element(By.ID, "ledger-import-file").send_keys(self.csv(good))
        self.step(p, lambda: p.find_element(By.ID, "ledger-import-send").click())
        self.assertIn("旧系统的活动", p.find_element(By.ID, "ledger-entries").text)

    def test_1b_worker_corrects_and_withdraws(self):
        p = self.phone
        report = api_get(WORKER, "/api/v1/ledgers/report")
        activity = next(i for i in report["items"] if i["code"] == "activity")
        token = api_token(WORKER)
        stamp = int(time.time() * 1000) % 10_000_000
        made = []
        for n, people in ((1, 10), (2, 4)):
            reply = requests.post(f"{BASE}/api/v1/ledger-entries", headers={"Authorization": f"Bearer {token}"},
                                  json={"itemId": activity["id"], "title": f"更正测试{stamp}-{n}", "participants": people, "clientKey": f"fix-{stamp}-{n}"})
            reply.raise_for_status()
            made.append(reply.json())
        before = figure(api_get(WORKER, "/api/v1/ledgers/report")["rows"][0], "activity", report["items"])
        self.open(p, WORKER)
        entry = lambda i: p.find_element(By.CSS_SELECTOR, f"#ledger-entries li[data-entry='{made[i]['id']}']")
        entry(0).find_element(By.CSS_SELECTOR, "button[data-action=correct]").click()
        people = entry(0).find_element(By.NAME, "people")
        people.clear()
        people.send_keys("15")
        p.execute_script("arguments[0].scrollIntoView()", entry(0))
        look(self, p, "worker-correct", self.shots, KEYS)
        self.step(p, lambda: entry(0).find_element(By.CSS_SELECTOR, "button[data-action=save-correction]").click())
        self.assertIn("15", entry(0).text)
        self.assertIn("更正过", entry(0).text)
        # 更正前的版本: what it said before the correction, read when asked.
        entry(0).find_element(By.CSS_SELECTOR, "button[data-action=versions]").click()
        WebDriverWait(p, 10).until(lambda d: entry(0).find_elements(By.CSS_SELECTOR, ".ledger-versions li[data-version='1']"))
        first = entry(0).find_element(By.CSS_SELECTOR, ".ledger-versions li[data-version='1']").text
        self.assertIn("第 1 版", first)
        self.assertIn("10 人次", first)
        # 台账附件: the sign-in sheet, photographed, kept with the entry (choosing the file files it).
        sheet = pathlib.Path(tempfile.mkdtemp()) / "签到表.jpg"
        sheet.write_bytes(bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(3000))
        self.step(p, lambda: entry(0).find_element(By.CSS_SELECTOR, "input.document-file").send_keys(str(sheet)))
        page = api_get(WORKER, "/api/v1/ledger-entries", limit="200")
        self.assertEqual(["签到表.jpg"], [d["fileName"] for d in page["documents"] if d["subjectId"] == made[0]["id"]])
        self.assertIn("附件（1 份）", entry(0).text)
        self.assertIn("签到表.jpg", entry(0).find_element(By.CSS_SELECTOR, ".documents").text)
        p.execute_script("arguments[0].scrollIntoView()", entry(0))
        look(self, p, "worker-attachment", self.shots, KEYS)
        # Withdrawn without a reason: refused in Chinese; with one, it leaves the list and the report.
        entry(1).find_element(By.CSS_SELECTOR, "button[data-action=withdraw]").click()
        entry(1).find_element(By.CSS_SELECTOR, "button[data-action=confirm-withdraw]").click()
        WebDriverWait(p, 10).until(lambda d: entry(1).find_element(By.CSS_SELECTOR, ".ledger-tools .error").text.strip())
        self.assertIn("撤回原因", entry(1).find_element(By.CSS_SELECTOR, ".ledger-tools .error").text)
        entry(1).find_element(By.CSS_SELECTOR, "input.ledger-withdraw-reason").send_keys("重复录入")
        self.step(p, lambda: entry(1).find_element(By.CSS_SELECTOR, "button[data-action=confirm-withdraw]").click())
        self.assertFalse(p.find_elements(By.CSS_SELECTOR, f"#ledger-entries li[data-entry='{made[1]['id']}']"), "withdrawn: off the list")
        after = figure(api_get(WORKER, "/api/v1/ledgers/report")["rows"][0], "activity", report["items"])
        self.assertEqual((before["count"] - 1, before.get("participants", 0) + 5 - 4), (after["count"], after.get("participants", 0)))
        cell = p.find_element(By.CSS_SELECTOR, f"#ledger-figures dd[data-item='{activity['id']}'] strong")
        self.assertEqual(str(after["count"]), cell.text)

    def test_2_street_reads_and_downloads(self):
        d = self.wide
        self.open(d, STREET_DUTY)
        report = api_get(STREET_DUTY, "/api/v1/ledgers/report")
        rows = d.find_elements(By.CSS_SELECTOR, "#ledger-table tbody tr")
        self.assertEqual([str(r["nodeId"]) for r in report["rows"]], [r.get_attribute("data-node") for r in rows])
        self.assertEqual("committee", report["rows"][1]["level"])
        meeting = next(i for i in report["items"] if i["code"] == "meeting")
        for row, shown in zip(report["rows"], rows):
            self.assertEqual(str(figure(row, "meeting", report["items"])["count"]), shown.find_element(By.CSS_SELECTOR, f"td[data-item='{meeting['id']}'] strong").text)
        look(self, d, "street-report", self.shots, KEYS)
        got = d.execute_async_script("""
            const done = arguments[arguments.length - 1];
            send('/api/v1/ledgers/report.xlsx').then(async r => done([r.status, r.headers.get('Content-Type'), r.headers.get('X-Data-Grade'),
              Array.from(new Uint8Array(await r.arrayBuffer()).slice(0, 2))]));""")
        self.assertEqual([200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "internal", [0x50, 0x4B]], got)
        self.step(d, lambda: rows[1].find_element(By.CSS_SELECTOR, "button.link").click())
        self.assertTrue(d.find_elements(By.ID, "ledger-figures"), "a committee drilled into")
        self.assertIn("node=", d.current_url)

    def test_3_english(self):
        d = self.wide
        sign_in(d, WORKER)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?en={time.time()}#/ledgers")
        wait_ready(d)
        text = d.find_element(By.ID, "view").text
        self.assertIn("Generated ledgers", text)
        self.assertIn("Import old ledgers", text)
        look(self, d, "english", self.shots, KEYS, chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")
