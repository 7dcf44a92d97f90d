"""吹哨人 in headless Chromium against the real server (the demo city's first district):

- on a 375-px phone nobody is signed in to, someone opens 吹哨人举报 from the sign-in page, chooses a kind and a street,
  and sends a report first with neither a name nor anonymity (refused in Chinese), then anonymously: the receipt code
  is shown once, and its page says 已受理; they add a detail there, which joins the thread;
- the first district's designated handler (`duty.d1`, 吹哨人受理 in the menu) finds it, confirms it with the outcome
  and records it in the hazard register (隐患台账), rewards it, and writes to the reporter; the API has it so afterwards;
- on the phone, the receipt code typed in lower case with dashes shows 经核查属实, the outcome, the reward and the
  handler's message (the handler unnamed);
- the handler shows who made the demo's named report (a button; the read is on the audit trail, as the auditor's
  API has it);
- the administrator sees the designations of the city and each district with the reports waiting, and changes the
  first district's to its leader, chosen from the district's staff;
- the public page in English is in English.

Screenshots go to CHENGYUN_WHISTLE_SHOTS (default /tmp/whistle-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

import requests

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, api_token, forget_session, text_of, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_WHISTLE_SHOTS", "/tmp/whistle-shots"))
KEYS = ("whistle", "hazard")
HANDLER = "duty.d1"


class WhistlePages(DeskAndPhone):
    shots = SHOTS
    page = "#/whistleblower-reports"
    code = None
    report = None

    def test_1_anyone_reports_on_a_phone(self):
        p = self.phone
        forget_session(p)
        WebDriverWait(p, 20).until(lambda x: x.find_elements(By.ID, "login-whistle"))
        p.find_element(By.ID, "login-whistle").click()
        wait_ready(p)
        Select(p.find_element(By.ID, "w-kind")).select_by_value("fireSafety")
        area = Select(p.find_element(By.ID, "w-area"))
        area.select_by_index(1)
        street = area.first_selected_option.text
        p.find_element(By.ID, "w-address").send_keys("某小区 5 号楼")
        p.find_element(By.ID, "w-description").send_keys("5号楼消防通道被电动自行车和杂物堵死，已经一个多月，晚上车辆进不去。")
        look(self, p, "phone-whistle-form", self.shots, KEYS)
        # Neither a name nor anonymity: refused, in Chinese, before anything is stored.
        p.find_element(By.ID, "w-anonymous").click()
        p.find_element(By.CSS_SELECTOR, "#whistle-form button[type=submit]").click()
        WebDriverWait(p, 10).until(lambda x: text_of(x, "whistle-error").strip())
        self.assertIn("匿名", text_of(p, "whistle-error"))
        p.find_element(By.ID, "w-anonymous").click()
        self.step(p, lambda: p.find_element(By.CSS_SELECTOR, "#whistle-form button[type=submit]").click())
        shown = p.find_element(By.ID, "whistle-code")
        type(self).code = shown.get_attribute("data-code")
        self.assertEqual(12, len(self.code))
        self.assertEqual(self.code, shown.text.replace("-", ""), "the code as printed, in groups")
        look(self, p, "phone-whistle-receipt", self.shots, KEYS)
        self.step(p, lambda: p.find_element(By.ID, "whistle-follow-link").click())
        self.assertEqual("received", p.find_element(By.ID, "whistle-status").get_attribute("data-status"))
        self.assertIn(street, text_of(p, "whistle-follow"))
        p.find_element(By.CSS_SELECTOR, "#whistle-supplement textarea").send_keys("通道在5号楼东侧。")
        self.step(p, lambda: p.find_element(By.CSS_SELECTOR, "#whistle-supplement button[type=submit]").click())
        self.assertIn("通道在5号楼东侧", text_of(p, "whistle-thread"))
        look(self, p, "phone-whistle-follow", self.shots, KEYS)

    def test_2_the_handler_confirms_and_rewards(self):
        d = self.wide
        self.open(d, HANDLER)
        self.assertIn("吹哨人受理", d.find_element(By.ID, "menu").text)
        listed = api_get(HANDLER, "/api/v1/whistleblower-reports", status="received")["reports"]
        made = next(v["report"] for v in listed if v["report"]["kind"] == "fireSafety" and v["report"]["address"] == "某小区 5 号楼")
        type(self).report = made["id"]
        row = d.find_element(By.CSS_SELECTOR, f"#whistle-list tr[data-id='{made['id']}']")
        self.assertIn("消防安全", row.text)
        look(self, d, "handler-whistle-list", self.shots, KEYS)
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, f"#whistle-list tr[data-id='{made['id']}'] a").click())
        self.assertIn("通道在5号楼东侧", text_of(d, "whistle-thread"), "the reporter's detail")
        self.assertFalse(d.find_elements(By.ID, "whistle-reveal"), "an anonymous report has nobody to show")
        # Confirmed without the outcome for the reporter: refused in Chinese.
        d.find_element(By.ID, "whistle-confirm").click()
        WebDriverWait(d, 10).until(lambda x: text_of(x, "whistle-step-error").strip())
        self.assertIn("处理结果", text_of(d, "whistle-step-error"))
        d.find_element(By.ID, "whistle-reply-text").send_keys("经现场核查属实，已督促物业清理通道。")
        d.find_element(By.ID, "whistle-record-hazard").click()
        self.step(d, lambda: d.find_element(By.ID, "whistle-confirm").click())
        self.assertIn("已记入隐患台账 YH", text_of(d, "whistle-hazard"))
        self.assertEqual("confirmed", d.find_element(By.ID, "whistle-report").get_attribute("data-status"))
        d.find_element(By.ID, "whistle-yuan").send_keys("200")
        d.find_element(By.ID, "whistle-reward-note").send_keys("凭回执码到街道领取")
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, "#whistle-reward-form button[type=submit]").click())
        d.find_element(By.CSS_SELECTOR, "#whistle-write textarea").send_keys("谢谢您的举报，奖励请凭回执码领取。")
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, "#whistle-write button[type=submit]").click())
        look(self, d, "handler-whistle-report", self.shots, KEYS)
        seen = api_get(HANDLER, f"/api/v1/whistleblower-reports/{made['id']}")
        self.assertEqual(("confirmed", 200), (seen["report"]["status"], seen["report"]["reward"]["yuan"]))
        self.assertEqual(["reporter", "handler"], [m["from"] for m in seen["messages"]])

    def test_3_the_reporter_reads_the_outcome(self):
        p = self.phone
        forget_session(p)
        p.get(f"{BASE}/console/?at={time.time()}#/whistle")
        wait_ready(p)
        typed = "-".join(self.code[i:i + 4] for i in range(0, 12, 4)).lower()
        p.find_element(By.ID, "w-code").send_keys(typed)
        self.step(p, lambda: p.find_element(By.CSS_SELECTOR, "#whistle-code-form button[type=submit]").click())
        self.assertEqual("confirmed", p.find_element(By.ID, "whistle-status").get_attribute("data-status"))
        self.assertIn("已督促物业清理通道", text_of(p, "whistle-reply"))
        self.assertIn("200", text_of(p, "whistle-reward"))
        self.assertIn("待整改", text_of(p, "whistle-hazard"), "the reporter follows the hazard's close-out too")
        thread = text_of(p, "whistle-thread")
        self.assertIn("奖励请凭回执码领取", thread)
        self.assertNotIn("值班员", thread, "the handler is not named")
        look(self, p, "phone-whistle-outcome", self.shots, KEYS)

    def test_4_the_handler_shows_who_reported(self):
        d = self.wide
        self.open(d, HANDLER)
        named = next(v["report"] for v in api_get(HANDLER, "/api/v1/whistleblower-reports")["reports"] if not v["report"]["anonymous"])
        d.get(f"{BASE}/console/?at={time.time()}#/whistleblower-reports/{named['id']}")
        wait_ready(d)
        self.assertNotIn("13800001234", text_of(d, "whistle-report"), "not before the button")
        d.find_element(By.ID, "whistle-reveal").click()
        WebDriverWait(d, 10).until(lambda x: text_of(x, "whistle-reporter").strip())
        self.assertIn("13800001234", text_of(d, "whistle-reporter"))
        look(self, d, "handler-whistle-reporter", self.shots, KEYS)
        trail = api_get("auditor", "/api/v1/audit", action="whistleblower_report.reporter_read")
        lines = trail["items"]
        self.assertTrue(any(e["target"] == f"whistleblower_report:{named['id']}" for e in lines), lines[:3])

    def test_5_the_administrator_sees_the_designations(self):
        d = self.wide
        self.open(d, "admin")
        rows = d.find_elements(By.CSS_SELECTOR, "#whistle-designations tbody tr")
        self.assertEqual(len(api_get("admin", "/api/v1/whistleblower-handlers")), len(rows))
        self.assertGreaterEqual(len(rows), 2, "the city and its districts")
        look(self, d, "admin-whistle-designations", self.shots, KEYS)
        # The first district's handler changed to its leader, chosen from the district's staff; then back.
        before = api_get("admin", "/api/v1/whistleblower-handlers")[1]
        choose = Select(rows[1].find_element(By.CSS_SELECTOR, "select"))
        leader = next(o.text for o in choose.options if "领导" in o.text)
        choose.select_by_visible_text(leader)
        self.step(d, lambda: d.find_elements(By.CSS_SELECTOR, "#whistle-designations tbody tr")[1].find_element(By.CSS_SELECTOR, "button").click())
        after = api_get("admin", "/api/v1/whistleblower-handlers")[1]
        self.assertEqual(leader, after["userName"])
        self.assertIn(leader, d.find_elements(By.CSS_SELECTOR, "#whistle-designations tbody tr")[1].text)
        token = api_token("admin")
        requests.put(f"{BASE}/api/v1/whistleblower-handlers/{before['nodeId']}", json={"userId": before["userId"]},
                     headers={"Authorization": f"Bearer {token}"}).raise_for_status()

    def test_6_the_public_page_in_english(self):
        p = self.phone
        forget_session(p)
        p.execute_script("localStorage.setItem('cy.lang', 'en')")
        p.get(f"{BASE}/console/?at={time.time()}#/whistle")
        wait_ready(p)
        try:
            self.assertIn("Report a hazard", text_of(p, "whistle-panel"))
            look(self, p, "phone-whistle-english", self.shots, KEYS, chinese=False)
        finally:
            p.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")
