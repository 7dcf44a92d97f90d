"""隐患排查销项 in headless Chromium against the real server (the demo city's first committee and street):

- the committee's community worker, at 1920 px, reads the committee's close-out figures and the demo's hazards, records
  a third party's unannounced round with a hazard (first without saying what it is: refused in Chinese), which the API
  then counts; takes the hazard to 已整改 (without saying what was done: refused in Chinese);
- the station chief rechecks it on a 375-px phone and closes it out; the API has it closed out on time;
- the street's leader reads the street's figures with each committee's, opens the first committee's from the table;
- the page in English is in English.

Screenshots go to CHENGYUN_HAZARD_SHOTS (default /tmp/hazard-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, text_of, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_HAZARD_SHOTS", "/tmp/hazard-shots"))
KEYS = ("hazards", "hazard")
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"
CHIEF = f"chief.{COMMITTEE}"


class HazardPages(DeskAndPhone):
    shots = SHOTS
    page = "#/hazards"
    hazard = None

    def test_1_the_worker_records_an_inspection(self):
        d = self.wide
        self.open(d, WORKER)
        before = api_get(WORKER, "/api/v1/hazards/rates")["tally"]
        self.assertEqual(str(before["found"]), text_of(d, "h-found"))
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, "#hazard-list tbody tr"), "the demo's open hazards")
        look(self, d, "worker-hazards", self.shots, KEYS)
        Select(d.find_element(By.ID, "inspection-kind")).select_by_value("thirdPartyRound")
        Select(d.find_element(By.ID, "inspection-method")).select_by_value("unannounced")
        d.find_element(By.ID, "inspection-inspector").send_keys("某消防技术服务公司")
        row = d.find_element(By.CSS_SELECTOR, "#inspection-hazards .hazard-row")
        Select(row.find_element(By.NAME, "kind")).select_by_value("fireSafety")
        row.find_element(By.NAME, "unit").send_keys("小区物业服务中心")
        # A hazard with no description is left out: an inspection that found nothing is fine, so say what it is — here a
        # two-character minimum refused by the server first.
        row.find_element(By.NAME, "description").send_keys("堵")
        d.find_element(By.CSS_SELECTOR, "#inspection-form button[type=submit]").click()
        WebDriverWait(d, 10).until(lambda x: text_of(x, "inspection-error").strip())
        self.assertIn("隐患情况", text_of(d, "inspection-error"))
        row = d.find_element(By.CSS_SELECTOR, "#inspection-hazards .hazard-row")
        row.find_element(By.NAME, "description").send_keys("塞：12号楼消防通道被电动车堵塞")
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, "#inspection-form button[type=submit]").click())
        after = api_get(WORKER, "/api/v1/hazards/rates")["tally"]
        self.assertEqual(before["found"] + 1, after["found"])
        self.assertEqual(str(after["found"]), text_of(d, "h-found"))
        made = next(v["hazard"] for v in api_get(WORKER, "/api/v1/hazards", state="open")["hazards"] if "12号楼消防通道" in v["hazard"]["description"])
        type(self).hazard = made["id"]
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, f"#hazard-list tr[data-id='{made['id']}'] a").click())
        d.find_element(By.ID, "hazard-rectify").click()
        WebDriverWait(d, 10).until(lambda x: text_of(x, "hazard-error").strip())
        self.assertIn("整改情况", text_of(d, "hazard-error"))
        d.find_element(By.ID, "hazard-note").send_keys("物业已清走电动车，加装挡车桩")
        self.step(d, lambda: d.find_element(By.ID, "hazard-rectify").click())
        self.assertEqual("rectified", d.find_element(By.ID, "hazard-detail").get_attribute("data-state"))
        look(self, d, "worker-hazard-rectified", self.shots, KEYS)

    def test_2_the_chief_rechecks_on_a_phone(self):
        p = self.phone
        self.open(p, CHIEF)
        p.get(f"{BASE}/console/?at={time.time()}#/hazards/{self.hazard}")
        wait_ready(p)
        p.find_element(By.ID, "hazard-note").send_keys("现场复查通道畅通")
        self.step(p, lambda: p.find_element(By.ID, "hazard-pass").click())
        self.assertEqual("closedOut", p.find_element(By.ID, "hazard-detail").get_attribute("data-state"))
        self.assertIn("复查通过", text_of(p, "hazard-steps"))
        look(self, p, "chief-hazard-closed", self.shots, KEYS)
        seen = api_get(CHIEF, f"/api/v1/hazards/{self.hazard}")["hazard"]
        self.assertEqual(("closedOut", True), (seen["state"], seen["closedOnTime"]))

    def test_3_the_street_reads_its_committees(self):
        d = self.wide
        self.open(d, "leader.s1")
        rates = api_get("leader.s1", "/api/v1/hazards/rates")
        rows = d.find_elements(By.CSS_SELECTOR, "#hazard-parts tbody tr")
        self.assertEqual(len(rates["parts"]), len(rows))
        look(self, d, "street-hazard-rates", self.shots, KEYS)
        first = rates["parts"][0]
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, f"#hazard-parts tr[data-node='{first['id']}'] a").click())
        self.assertEqual(str(first["tally"]["found"]), text_of(d, "h-found"))

    def test_4_in_english(self):
        d = self.wide
        self.open(d, WORKER)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        try:
            d.get(f"{BASE}/console/?at={time.time()}#/hazards")
            wait_ready(d)
            self.assertIn("Close-out rate", text_of(d, "hazard-rates"))
            look(self, d, "worker-hazards-english", self.shots, KEYS, chinese=False)
        finally:
            d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")
