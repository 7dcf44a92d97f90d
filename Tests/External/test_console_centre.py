"""The centre's pages in headless Chromium against the real server: the 110 diversion desk (a call comes in from the
police's system, waits at the centre and is handed back to the police), hotspots on the big screen and the duty page,
the big screen's rankings following the drill-down, the KPI page's Excel export read back by openpyxl, and an
inspector's verify task on a 375-px phone with the place and the photos.

Environment: CHENGYUN_URL, CHENGYUN_POLICE_KEY (an API key with the police110 source), CHENGYUN_POINT.
"""
import io
import os
import time
import unittest

import openpyxl
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, LAT, LON, SHOTS, WebDriverWait, api_token, browser, sign_in, text_of, wait_ready

POLICE_KEY = os.environ.get("CHENGYUN_POLICE_KEY", "")


def auth(user):
    return {"Authorization": f"Bearer {api_token(user)}"}


class DiversionDeskTest(unittest.TestCase):
    @unittest.skipUnless(POLICE_KEY, "needs CHENGYUN_POLICE_KEY")
    def test_a_call_waits_at_the_centre_and_goes_back_to_110(self):
        # A kind of problem no department holds the power for: the call waits at the centre.
        powers = {p["categoryId"] for p in requests.get(f"{BASE}/api/v1/handling-powers", headers=auth("duty")).json()}
        categories = requests.get(f"{BASE}/api/v1/taxonomy", headers=auth("duty")).json()["categories"]
        category = next(f"{c['kind']}:{c['code']}" for c in categories if f"{c['kind']}:{c['code']}" not in powers)
        call_id = f"110-{int(time.time() * 1000)}"
        reply = requests.post(f"{BASE}/api/v1/intake/110", headers={"Authorization": f"Bearer {POLICE_KEY}"},
                              json={"callId": call_id, "categoryId": category, "description": "噪音扰民，非警务警情", "location": {"lon": LON, "lat": LAT}})
        self.assertEqual(reply.status_code, 201, reply.text)
        d = browser(1920, 1080)
        try:
            sign_in(d, "duty")
            d.get(f"{BASE}/console/?at={time.time()}#/diversion")
            wait_ready(d)
            self.assertIn("110非警务警情分流", text_of(d, "view"))
            self.assertGreaterEqual(int(text_of(d, "p-diverted")), 1)
            self.assertGreaterEqual(int(text_of(d, "p-waiting")), 1)
            self.assertIn(call_id, text_of(d, "p-calls"), "the waiting call is in the centre's queue")
            d.save_screenshot(str(SHOTS / "diversion-desk-1920x1080.png"))
            # Open it and hand it back to the police (兜底).
            row = next(r for r in d.find_elements(By.CSS_SELECTOR, "#p-calls tbody tr") if call_id in r.text)
            row.find_element(By.TAG_NAME, "a").click()
            wait_ready(d)
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'button[data-action="returnToPolice"]'))
            d.find_element(By.CSS_SELECTOR, 'button[data-action="returnToPolice"]').click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "f-reason"))
            d.find_element(By.ID, "f-reason").send_keys("无部门持有该类处置权限，退回110")
            d.find_element(By.ID, "submit-action").click()
            WebDriverWait(d, 20).until(lambda d: "退回110" in text_of(d, "case-state") or "已退回" in text_of(d, "case-state"))
            outcome = requests.get(f"{BASE}/api/v1/intake/110/{call_id}", headers={"Authorization": f"Bearer {POLICE_KEY}"}).json()
            self.assertEqual(outcome["state"], "returnedToPolice", outcome)
            d.get(f"{BASE}/console/?at={time.time()}#/diversion?queue=returned")
            wait_ready(d)
            self.assertIn(call_id, text_of(d, "p-calls"))
        finally:
            d.quit()


class CentreTest(unittest.TestCase):
    def test_hotspots_and_rankings_follow_the_drill_down(self):
        d = browser(1920, 1080)
        try:
            sign_in(d, "leader")
            hotspots = requests.get(f"{BASE}/api/v1/hotspots", headers=auth("leader")).json()
            self.assertEqual(int(d.find_element(By.ID, "view").get_attribute("data-hotspots")), len(hotspots))
            self.assertIn("类案热点", text_of(d, "map"), "the hotspot layer is listed on the map")
            whole = text_of(d, "ranking")
            # Drill into the first district: the rankings are those of its cases.
            district = requests.get(f"{BASE}/api/v1/org/nodes?kind=district", headers=auth("leader")).json()[0]
            d.get(f"{BASE}/console/?at={time.time()}#/screen?node={district['id']}")
            wait_ready(d)
            expected = requests.get(f"{BASE}/api/v1/rankings?of=departments&nodeId={district['id']}", headers=auth("leader")).json()
            self.assertTrue(expected)
            shown = text_of(d, "ranking")
            self.assertTrue(shown.startswith(expected[0]["name"]), f"{shown!r} vs {expected[0]['name']!r}")
            self.assertIn(district["name"], text_of(d, "view"))
            self.assertTrue(whole)
            # The stream keeps to the district drilled into: a report elsewhere does not show, one inside does.
            other = requests.get(f"{BASE}/api/v1/org/nodes?kind=district", headers=auth("leader")).json()[1]
            ring = requests.get(f"{BASE}/api/v1/map/areas?kind=grid&nodeId={other['id']}", headers=auth("leader")).json()["features"][0]["geometry"]["coordinates"][0][:-1]
            elsewhere = {"lon": sum(p[0] for p in ring) / len(ring), "lat": sum(p[1] for p in ring) / len(ring)}
            numbers = []
            for place in [elsewhere, {"lon": LON, "lat": LAT}]:
                made = requests.post(f"{BASE}/api/v1/cases", headers=auth("resident1"),
                                     json={"source": "resident", "categoryId": "event:0110", "description": "下钻推送测试", "location": place})
                self.assertEqual(made.status_code, 201, made.text)
                numbers.append(made.json()["number"])
            WebDriverWait(d, 20).until(lambda d: numbers[1] in text_of(d, "stream"))
            self.assertNotIn(numbers[0], text_of(d, "stream"))
            # The duty page lists the same hotspots.
            sign_in(d, "duty")
            d.get(f"{BASE}/console/?at={time.time()}#/duty")
            wait_ready(d)
            self.assertTrue(hotspots, "the demo city has a recurring problem")
            self.assertIn(hotspots[0]["numbers"][0], text_of(d, "hotspots"))
        finally:
            d.quit()

    def test_kpi_export_as_excel(self):
        reply = requests.get(f"{BASE}/api/v1/kpis/export.xlsx", headers=auth("leader"))
        self.assertEqual(reply.status_code, 200, reply.text[:200])
        book = openpyxl.load_workbook(io.BytesIO(reply.content))
        sheet = book.active
        rows = list(sheet.iter_rows(values_only=True))
        # A marking line the export may start with (its data grade, who exported it, the reference: "# 内部 internal · …").
        while rows and isinstance(rows[0][0], str) and rows[0][0].startswith("#"):
            rows = rows[1:]
        # 考核通报: its title (area and period), then Chinese headers, the area, departments and handlers by rank.
        self.assertTrue(rows[0][0].startswith("城运考核通报 · 全部辖区 · "), rows[0])
        self.assertEqual(rows[1][:5], ("类别", "排名", "名称", "综合得分", "上报"))
        self.assertEqual((rows[2][0], rows[2][2]), ("区域", "全部辖区"))
        kpis = requests.get(f"{BASE}/api/v1/kpis", headers=auth("leader")).json()
        self.assertEqual(rows[2][4], kpis["reported"], "the sheet holds numbers, the same as the API's")
        departments = [r for r in rows[3:] if r[0] == "部门"]
        self.assertEqual([r[1] for r in departments], list(range(1, len(departments) + 1)), "ranked")
        on_time = rows[1].index("按期处置率(%)")
        self.assertAlmostEqual(rows[2][on_time], round(kpis["onTimeHandlingRate"] * 100, 1), places=1)
        d = browser(1920, 1080)
        try:
            sign_in(d, "leader")
            d.get(f"{BASE}/console/?at={time.time()}#/kpi")
            wait_ready(d)
            self.assertIn("导出 Excel", text_of(d, "view"))
        finally:
            d.quit()


def handled_case(description):
    """A case an inspector reported, accepted by the street, handled by its department with a photo: waiting to be
    verified. Returns the case as the API gave it at report."""
    created = requests.post(f"{BASE}/api/v1/cases", headers=auth("insp.310101001001"),
                            json={"source": "inspector", "categoryId": "event:0110", "description": description, "location": {"lon": LON, "lat": LAT}})
    assert created.status_code == 201, created.text
    case = created.json()
    duty = auth("duty.s1")
    assert requests.post(f"{BASE}/api/v1/cases/{case['id']}/actions/accept", headers=duty, json={}).status_code == 200
    lead = requests.get(f"{BASE}/api/v1/cases/{case['id']}", headers=duty).json()["leadDepartmentId"]
    departments = requests.get(f"{BASE}/api/v1/departments", headers=auth("leader")).json()
    handler = auth("h." + next(x["code"] for x in departments if x["id"] == lead).lower())
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082")
    assert requests.post(f"{BASE}/api/v1/cases/{case['id']}/actions/start", headers=handler, json={}).status_code == 200
    photo = requests.post(f"{BASE}/api/v1/cases/{case['id']}/attachments?fileName=after.png", headers={**handler, "Content-Type": "image/png"}, data=png).json()
    done = requests.post(f"{BASE}/api/v1/cases/{case['id']}/actions/reportBack", headers=handler, json={"note": "已处理", "attachmentIds": [photo["id"]]})
    assert done.status_code == 200, done.text
    return case


class DeskTest(unittest.TestCase):
    def test_the_queue_follows_the_live_stream_and_filters(self):
        d = browser(1920, 1080)
        try:
            sign_in(d, "insp.310101001001")
            self.assertEqual(d.find_element(By.ID, "queue").get_attribute("value"), "verify")
            case = handled_case("工作台实时刷新测试")
            # The case reaches the inspector's queue to verify with no reload.
            WebDriverWait(d, 20).until(lambda d: case["number"] in text_of(d, "desk-table"))
            # Filters: every state, searched by the number, gives just this case.
            Select(d.find_element(By.ID, "queue")).select_by_value("mine")
            Select(d.find_element(By.ID, "desk-state")).select_by_value("all")
            search = d.find_element(By.ID, "search")
            search.send_keys(case["number"])
            search.send_keys("\n")
            WebDriverWait(d, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#desk-table tbody tr")) == 1 and case["number"] in text_of(d, "desk-table"))
            self.assertIn("共 1 件", text_of(d, "desk-count"))
            d.save_screenshot(str(SHOTS / "work-desk-filtered-1920x1080.png"))
        finally:
            d.quit()


class PhoneVerifyTest(unittest.TestCase):
    """An inspector's verify task opens on a phone: the place on a map and the department's photo, then verify."""

    def test_verify_on_a_phone(self):
        case = handled_case("手机核查测试")
        phone = browser(375, 812)
        try:
            sign_in(phone, "insp.310101001001")
            self.assertIn("待核查", text_of(phone, "view"))
            WebDriverWait(phone, 20).until(lambda d: case["number"] in text_of(d, "view"))
            link = next(a for a in phone.find_elements(By.CSS_SELECTOR, "#view tbody a") if a.text == case["number"])
            link.click()
            wait_ready(phone)
            self.assertTrue(phone.find_elements(By.CSS_SELECTOR, "#case-map .leaflet-interactive"), "the place is drawn on the map")
            self.assertEqual(len(phone.find_elements(By.CSS_SELECTOR, "#photos img")), 1, "the department's photo is shown")
            map_top = phone.execute_script("return document.getElementById('case-map').getBoundingClientRect().top")
            actions_top = phone.execute_script("return document.getElementById('actions').getBoundingClientRect().top")
            self.assertLess(map_top, actions_top, "on a phone the place comes first")
            self.assertLessEqual(phone.execute_script("return document.documentElement.scrollWidth"), 375, "no sideways scrolling")
            self.assertTrue(phone.find_element(By.ID, "menu").is_displayed(), "the menu stays reachable on a phone")
            phone.save_screenshot(str(SHOTS / "mobile-verify-375.png"))
            phone.find_element(By.CSS_SELECTOR, 'button[data-action="verify"]').click()
            WebDriverWait(phone, 20).until(lambda d: d.find_elements(By.ID, "submit-action"))
            Select(phone.find_element(By.ID, "f-passed")).select_by_value("true")
            phone.find_element(By.ID, "submit-action").click()
            WebDriverWait(phone, 20).until(lambda d: "已核查" in text_of(d, "case-state"))
        finally:
            phone.quit()


if __name__ == "__main__":
    unittest.main(verbosity=2)
