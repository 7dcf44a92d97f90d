"""物业 in headless Chromium against the real server (the demo city's first district):

- a property company's staff, on a 375-px phone, see their company's grade and record, the emergency repair waiting
  for them with the minutes left on the 30-minute clock, mark it reached (the case is started, once), and acknowledge
  the street's typhoon notice;
- the first street's duty officer, at 1920 px, reads the companies' published record and grades, opens one, and writes
  a notice to the companies serving the street, which lists who has acknowledged it;
- the English page in English.

Screenshots go to CHENGYUN_PROPERTY_SHOTS (default /tmp/property-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

import requests
from selenium.webdriver.common.by import By

from test_console import BASE, WebDriverWait, api_token, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_PROPERTY_SHOTS", "/tmp/property-shots"))
KEYS = ("property",)
STREET_DUTY = "duty.s1"


def staff_accounts():
    """The first district's company staff accounts that exist, with their company."""
    found = []
    for n in range(1, 5):
        user = f"wy.d1.{n}"
        try:
            api_token(user)
        except requests.HTTPError:
            continue
        found.append((user, api_get(user, "/api/v1/property-companies/mine")))
    return found


def waiting_repairs(user, company):
    unit = company["line"]["company"]["departmentId"]
    items = api_get(user, "/api/v1/cases", state="dispatched", departmentId=unit, limit=100)["items"]
    return [c for c in items if c["categoryId"].startswith("event:07") and c.get("leadDepartmentId") == unit]


class PropertyPages(DeskAndPhone):
    shots = SHOTS
    page = "#/property"

    def test_1_company_staff_on_a_phone(self):
        p = self.phone
        staff = staff_accounts()
        self.assertTrue(staff, "the demo files companies in the first district")
        user, company = next(((u, c) for u, c in staff if waiting_repairs(u, c)), (None, None))
        self.assertIsNotNone(user, "the demo reports emergency repairs waiting for their companies")
        repair = waiting_repairs(user, company)[0]
        self.open(p, user)
        self.assertIn(company["line"]["company"]["name"], p.find_element(By.ID, "property-mine").text)
        self.assertEqual(company["line"]["grade"], p.find_element(By.CSS_SELECTOR, "#property-mine h2 .badge").get_attribute("textContent"))
        item = p.find_element(By.CSS_SELECTOR, f"#property-repairs li[data-case='{repair['id']}']")
        self.assertRegex(item.text, "还剩|已超时")
        look(self, p, "company-phone", self.shots, KEYS)
        self.step(p, lambda: item.find_element(By.TAG_NAME, "button").click())
        self.assertFalse(p.find_elements(By.CSS_SELECTOR, f"#property-repairs li[data-case='{repair['id']}']"), "reached: no longer waiting")
        self.assertEqual(api_get(user, f"/api/v1/cases/{repair['id']}")["state"], "inProgress")

        # The typhoon notice: a company that has not acknowledged it does so, once.
        for user, company in staff:
            inbox = api_get(user, "/api/v1/company-notices")["notices"]
            mine = company["line"]["company"]["id"]
            open_notice = next((n for n in inbox for r in n["recipients"] if r["companyId"] == mine and not r.get("acknowledgedAt")), None)
            if open_notice:
                break
        self.assertIsNotNone(open_notice, "the demo leaves one company's acknowledgement missing")
        self.open(p, user)
        card = p.find_element(By.CSS_SELECTOR, f"#property-notices li[data-notice='{open_notice['id']}']")
        self.step(p, lambda: card.find_element(By.TAG_NAME, "button").click())
        card = p.find_element(By.CSS_SELECTOR, f"#property-notices li[data-notice='{open_notice['id']}']")
        self.assertIn("签收", card.find_element(By.CSS_SELECTOR, ".badge").text)
        look(self, p, "company-acknowledged", self.shots, KEYS)
        notice = api_get(user, "/api/v1/company-notices")["notices"][0]
        self.assertTrue(next(r for r in notice["recipients"] if r["companyId"] == mine).get("acknowledgedAt"))

    def test_2_street_reads_credit_and_writes(self):
        d = self.wide
        self.open(d, STREET_DUTY)
        rows = d.find_elements(By.CSS_SELECTOR, "#property-table tbody tr")
        self.assertTrue(rows, "the street's companies with their record")
        self.assertTrue(all(r.find_elements(By.CSS_SELECTOR, ".badge") for r in rows))
        rows[0].find_element(By.CSS_SELECTOR, "button.link").click()
        WebDriverWait(d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#property-detail h3"))
        look(self, d, "street-credit", self.shots, KEYS)
        title = f"关于做好寒潮防冻工作的通知 {int(time.time()) % 10000}"
        d.find_element(By.ID, "notice-title").send_keys(title)
        d.find_element(By.ID, "notice-body").send_keys("请检查小区供水管道、水表箱保温，落实应急抢修值守。")
        hours = d.find_element(By.ID, "notice-hours")
        hours.clear()
        hours.send_keys("12")
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, "#property-notice-form button[type=submit]").click())
        sent = api_get(STREET_DUTY, "/api/v1/company-notices")["notices"][0]
        self.assertEqual(sent["title"], title)
        self.assertTrue(sent["recipients"])
        card = d.find_element(By.CSS_SELECTOR, f"#property-notices li[data-notice='{sent['id']}']")
        self.assertIn(f"0 / {len(sent['recipients'])}", card.text)
        look(self, d, "street-sent", self.shots, KEYS)

    def test_3_english(self):
        d = self.wide
        sign_in(d, STREET_DUTY)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?en={time.time()}#/property")
        wait_ready(d)
        text = d.find_element(By.ID, "view").text
        self.assertIn("Property companies", text)
        self.assertIn("Grade", text)
        look(self, d, "english", self.shots, KEYS, chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")
