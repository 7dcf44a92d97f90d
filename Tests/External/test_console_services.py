"""一网通办 in headless Chromium against the real server (the demo city's first committee and another district's):

- a verified resident (`jm.<committee>.2`), on a 375-px phone, asks for a senior card and for the committee to handle
  it (代办); the button pressed twice makes one request, and it shows 待受理 with its number; they file the photo of
  their ID card with it (申请材料: a text file is refused in Chinese before it is sent), as the API has it afterwards;
- the committee's worker, at 1920 px, sees the material and opens it (a new tab), files the photo the item asks for as
  a PDF, and takes it through 受理 → 转办 → 办结 (办结 without the decision is refused in Chinese), as the API has it
  afterwards, and the counts on the page are the API's;
- 好差评: the resident rates it 不满意 on the phone (without saying why: refused in Chinese), and sees when the committee
  will answer; the worker finds it under 差评待整改 and answers it with what was put right, which the resident then sees;
- a worker of another district's committee files at the window for the same resident by the ID number on their card
  (全市通办), on their behalf with the guardian's authorisation; 最低生活保障 is refused there (not handled anywhere);
- the first street's 社区事务受理服务中心 (`sq.s1`) decides a request its stations forwarded (办结 with the decision), as
  the API has it afterwards, and it leaves the centre's list; below, it reads the bad ratings its stations left past
  their day to answer (差评逾期未整改), with no button of its own;
- 扫码评价: the worker shows a resident with no account a rating code for a closed request (a QR code and its letters);
  on a phone nobody is signed in to, the code's page names the item and the station and takes a rating once, as the API
  has it afterwards;
- the English page in English;
- 我的小区: on 我的上报 a resident sees their compound and the company serving it, as the API has them.

Screenshots go to CHENGYUN_SERVICE_SHOTS (default /tmp/service-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import tempfile
import time

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, api_token, forget_session, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_SERVICE_SHOTS", "/tmp/service-shots"))
KEYS = ("services",)
COMMITTEE = "310101001001"
OTHER = "310104001001"
WORKER = f"cw.{COMMITTEE}"
AWAY = f"cw.{OTHER}"
RESIDENT = f"jm.{COMMITTEE}.2"


class ServicePages(DeskAndPhone):
    shots = SHOTS
    page = "#/services"
    request = None

    def error_shown(self, d, element_id):
        WebDriverWait(d, 10).until(lambda x: x.find_element(By.ID, element_id).text.strip())
        return d.find_element(By.ID, element_id).text

    def test_1_resident_applies_on_a_phone(self):
        p = self.phone
        before = len(api_get(RESIDENT, "/api/v1/service-requests/mine"))
        self.open(p, RESIDENT)
        Select(p.find_element(By.ID, "service-item")).select_by_value("seniorCard")
        self.assertIn("身份证", p.find_element(By.ID, "service-item-about").text, "what to bring")
        p.find_element(By.ID, "service-detail").send_keys("腿脚不便，请帮忙代办敬老卡")
        p.find_element(By.ID, "service-on-behalf").click()
        # Pressed twice before the first answer: one request (the form's key).
        self.step(p, lambda: p.execute_script("const b = document.getElementById('service-submit'); b.click(); b.click();"))
        mine = api_get(RESIDENT, "/api/v1/service-requests/mine")
        self.assertEqual(before + 1, len(mine), "one request")
        made = mine[0]["request"]
        self.assertEqual(("seniorCard", "submitted", True, "online"), (made["itemCode"], made["state"], made["onBehalf"], made["authorisation"]))
        item = p.find_element(By.CSS_SELECTOR, f"#service-mine li[data-request='{made['id']}']")
        self.assertIn("待受理", item.text)
        self.assertIn(made["number"], item.text)
        look(self, p, "resident", self.shots, KEYS)
        ServicePages.request = made

        # 申请材料: the photo of the ID card; a text file is refused before it is sent.
        folder = pathlib.Path(tempfile.mkdtemp())
        wrong, card = folder / "说明.txt", folder / "身份证正面.png"
        wrong.write_text("不是照片")
        card.write_bytes(bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + bytes(2000))
        item = lambda: p.find_element(By.CSS_SELECTOR, f"#service-mine li[data-request='{made['id']}']")
        item().find_element(By.CSS_SELECTOR, "input.document-file").send_keys(str(wrong))
        WebDriverWait(p, 10).until(lambda x: item().find_element(By.CSS_SELECTOR, ".documents-panel .error").text.strip())
        self.assertIn("只能上传", item().find_element(By.CSS_SELECTOR, ".documents-panel .error").text)
        # Choosing the file files it.
        self.step(p, lambda: item().find_element(By.CSS_SELECTOR, "input.document-file").send_keys(str(card)))
        filed = api_get(RESIDENT, f"/api/v1/service-requests/{made['id']}")["documents"]
        self.assertEqual([("身份证正面.png", "image/png", 2008)], [(x["fileName"], x["contentType"], x["byteCount"]) for x in filed])
        self.assertIn("身份证正面.png", item().find_element(By.CSS_SELECTOR, ".documents").text)
        self.assertIn("申请材料（1 份）", item().text)
        p.execute_script("arguments[0].scrollIntoView()", item())
        look(self, p, "resident-materials", self.shots, KEYS)

    def test_2_worker_takes_it_through(self):
        made = ServicePages.request
        self.assertIsNotNone(made, "the resident's request of the first test")
        d = self.wide
        self.open(d, WORKER)
        row = lambda: d.find_element(By.CSS_SELECTOR, f"#service-list li[data-request='{made['id']}']")
        # The resident's material, opened on demand in a new tab; the worker adds the photo the item asks for, as a PDF.
        self.assertIn("身份证正面.png", row().find_element(By.CSS_SELECTOR, ".documents").text)
        tabs = len(d.window_handles)
        row().find_element(By.CSS_SELECTOR, ".documents button").click()
        WebDriverWait(d, 10).until(lambda x: len(x.window_handles) > tabs)
        main = d.current_window_handle
        for handle in d.window_handles:
            if handle != main:
                d.switch_to.window(handle)
                d.close()
        d.switch_to.window(main)
        photo = pathlib.Path(tempfile.mkdtemp()) / "近期照片.pdf"
        photo.write_bytes(b"%PDF-1.4\n" + bytes(1500))
        self.step(d, lambda: row().find_element(By.CSS_SELECTOR, "input.document-file").send_keys(str(photo)))
        filed = api_get(WORKER, f"/api/v1/service-requests/{made['id']}")["documents"]
        self.assertEqual(["身份证正面.png", "近期照片.pdf"], [x["fileName"] for x in filed])
        self.assertIn("申请材料（2 份）", row().text)
        self.step(d, lambda: row().find_element(By.CSS_SELECTOR, "button[data-action=accept]").click())
        self.assertIn("已受理", row().text)
        row().find_element(By.CSS_SELECTOR, "input.service-note").send_keys("已转街道社区事务受理服务中心")
        self.step(d, lambda: row().find_element(By.CSS_SELECTOR, "button[data-action=forward]").click())
        # 办结 without the decision: refused, in Chinese.
        row().find_element(By.CSS_SELECTOR, "button[data-action=complete]").click()
        self.assertIn("办结请写明办理结果", self.error_shown(d, "service-error"))
        row().find_element(By.CSS_SELECTOR, "input.service-note").send_keys("敬老卡已制发，社工送卡上门")
        self.step(d, lambda: row().find_element(By.CSS_SELECTOR, "button[data-action=complete]").click())
        seen = api_get(WORKER, f"/api/v1/service-requests/{made['id']}")
        self.assertEqual(("done", "敬老卡已制发，社工送卡上门"), (seen["request"]["state"], seen["request"]["outcome"]))
        self.assertEqual(["file", "accept", "forward", "complete"], [s["action"] for s in seen["steps"]])
        self.assertIn("已办结", row().text)
        counts = api_get(WORKER, "/api/v1/service-requests/counts", nodeId=made["nodeId"])
        self.assertIn(str(counts["byState"]["done"]), d.find_element(By.CSS_SELECTOR, "#service-counts [data-count=done]").text)
        look(self, d, "worker", self.shots, KEYS)

    def test_3_resident_rates_and_station_answers(self):
        made = ServicePages.request
        self.assertIsNotNone(made, "the resident's request of the first test")
        p = self.phone
        self.open(p, RESIDENT)
        form = lambda: p.find_element(By.CSS_SELECTOR, f"form[data-rate='{made['id']}']")
        p.execute_script("arguments[0].scrollIntoView()", form())
        look(self, p, "resident-rate-form", self.shots, KEYS)
        form().find_element(By.CSS_SELECTOR, "input[name=score][value='2']").click()
        form().find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(p, 10).until(lambda x: form().find_element(By.CSS_SELECTOR, ".error").text.strip())
        self.assertIn("请写明哪里没办好", form().find_element(By.CSS_SELECTOR, ".error").text)
        form().find_element(By.NAME, "comment").send_keys("材料清单说了两次才清楚")
        self.step(p, lambda: form().find_element(By.CSS_SELECTOR, "button[type=submit]").click())
        rated = api_get(RESIDENT, f"/api/v1/service-requests/{made['id']}")["request"]
        self.assertEqual((2, "材料清单说了两次才清楚"), (rated["rating"]["score"], rated["rating"]["comment"]))
        item = p.find_element(By.CSS_SELECTOR, f"#service-mine li[data-request='{made['id']}']")
        self.assertIn("不满意", item.text)
        self.assertIn(rated["rating"]["rectifyBy"], item.text, "when the committee will answer")
        self.assertFalse(p.find_elements(By.CSS_SELECTOR, f"form[data-rate='{made['id']}']"), "rated once")
        p.execute_script("arguments[0].scrollIntoView()", item)
        look(self, p, "resident-rated", self.shots, KEYS)

        d = self.wide
        sign_in(d, WORKER)
        d.get(f"{BASE}/console/?at={time.time()}#/services?badOpen=true")
        wait_ready(d)
        counts = api_get(WORKER, "/api/v1/service-requests/counts", nodeId=made["nodeId"])
        self.assertIn(str(counts["badOpen"]), d.find_element(By.CSS_SELECTOR, "#service-counts [data-count=badOpen]").text)
        listed = [e.get_attribute("data-request") for e in d.find_elements(By.CSS_SELECTOR, "#service-list li[data-request]")]
        self.assertIn(str(made["id"]), listed)
        row = lambda: d.find_element(By.CSS_SELECTOR, f"#service-list li[data-request='{made['id']}']")
        self.assertIn("材料清单说了两次才清楚", row().text)
        row().find_element(By.CSS_SELECTOR, "input.service-rectify-note").send_keys("已上门致歉，材料清单改为一次性书面告知")
        look(self, d, "worker-bad-ratings", self.shots, KEYS)
        self.step(d, lambda: row().find_element(By.CSS_SELECTOR, "button[data-action=rectify]").click())
        seen = api_get(WORKER, f"/api/v1/service-requests/{made['id']}")
        self.assertEqual("已上门致歉，材料清单改为一次性书面告知", seen["request"]["rating"]["rectification"])
        self.assertEqual(["rate", "rectify"], [s["action"] for s in seen["steps"]][-2:])
        self.assertNotIn(str(made["id"]), [e.get_attribute("data-request") for e in d.find_elements(By.CSS_SELECTOR, "#service-list li[data-request]")],
                         "answered: no longer waiting")
        self.open(p, RESIDENT)
        self.assertIn("已上门致歉", p.find_element(By.CSS_SELECTOR, f"#service-mine li[data-request='{made['id']}']").text)

    def test_4_another_district_files_by_id_card(self):
        made = ServicePages.request
        self.assertIsNotNone(made, "the resident's request of the first test")
        # The ID number on the card the resident shows (read here by their committee's worker, with a reason: audited).
        shown = requests.post(f"{BASE}/api/v1/residents/{made['residentId']}/reveal", json={"reason": "测试：居民出示身份证"},
                              headers={"Authorization": f"Bearer {api_token(WORKER)}"})
        shown.raise_for_status()
        number = shown.json()["idNumber"]
        d = self.wide
        self.open(d, AWAY)
        Select(d.find_element(By.ID, "window-item")).select_by_value("minimumLiving")
        self.assertIn("不能全市通办", d.find_element(By.ID, "window-item-about").text)
        d.find_element(By.ID, "window-id-number").send_keys(number)
        d.find_element(By.ID, "window-submit").click()
        self.assertIn("不能全市通办", self.error_shown(d, "service-window-error"))
        Select(d.find_element(By.ID, "window-item")).select_by_value("disabilityCard")
        d.find_element(By.ID, "window-on-behalf").click()
        Select(d.find_element(By.ID, "window-authorisation")).select_by_value("guardian")
        self.step(d, lambda: d.find_element(By.ID, "window-submit").click())
        page = api_get(AWAY, "/api/v1/service-requests")["requests"]
        filed = page[0]
        self.assertEqual(("disabilityCard", "accepted", True, "guardian", made["residentId"]),
                         (filed["request"]["itemCode"], filed["request"]["state"], filed["request"]["onBehalf"], filed["request"]["authorisation"],
                          filed["request"]["residentId"]))
        self.assertNotEqual(filed["request"]["nodeId"], filed["request"]["filedAtId"], "filed in another district, for a resident of the first committee")
        row = d.find_element(By.CSS_SELECTOR, f"#service-list li[data-request='{filed['request']['id']}']")
        self.assertIn(filed["filedAtName"], row.text)
        self.assertIn("监护人或家属委托", row.text)
        self.assertIn(filed["request"]["id"], [r["request"]["id"] for r in api_get(WORKER, "/api/v1/service-requests", nodeId=made["nodeId"])["requests"]],
                      "the resident's own committee sees it too")
        look(self, d, "window", self.shots, KEYS)

    def test_5_english(self):
        d = self.wide
        sign_in(d, RESIDENT)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?en={time.time()}#/services")
        wait_ready(d)
        self.assertIn("My requests", d.find_element(By.ID, "view").text)
        look(self, d, "english", self.shots, KEYS, chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")

    def test_6_resident_sees_their_compound_and_company(self):
        """我的小区: on 我的上报, the compound the resident lives in and the company serving it, as the API has them."""
        p = self.phone
        home = api_get(RESIDENT, "/api/v1/property-companies/serving-me")
        sign_in(p, RESIDENT)
        p.get(f"{BASE}/console/?at={time.time()}#/mine")
        wait_ready(p)
        panel = p.find_element(By.ID, "mine-home")
        self.assertIn(home["home"]["name"], panel.text)
        if home.get("company"):
            self.assertIn(home["company"]["company"]["name"], panel.text)
            self.assertEqual(home["company"]["grade"], p.find_element(By.ID, "mine-home-grade").get_attribute("data-grade"))
        else:
            self.assertTrue(p.find_elements(By.ID, "mine-home-self"), "a self-managed compound says whom to ask")
        p.execute_script("document.getElementById('mine-home').scrollIntoView()")
        look(self, p, "resident-home", self.shots, KEYS + ("mineHome",))

    def test_7_service_centre_decides_what_is_forwarded(self):
        waiting = api_get("sq.s1", "/api/v1/service-requests/centre")["requests"]
        self.assertTrue(waiting, "the demo's pension check forwarded a month ago")
        first = waiting[0]["request"]
        d = self.wide
        sign_in(d, "sq.s1")
        d.get(f"{BASE}/console/?at={time.time()}#/services")
        wait_ready(d)
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, "#menu a[href='#/services']"), "the menu offers 一网通办")
        row = lambda: d.find_element(By.CSS_SELECTOR, f"#service-list li[data-request='{first['id']}']")
        self.assertIn(waiting[0]["itemName"], row().text)
        # Below, the bad ratings its stations left past their day (the demo's 很不满意 in every other committee).
        raised = api_get("sq.s1", "/api/v1/service-requests/centre", raised="true")["requests"]
        self.assertTrue(raised, "the demo's unemployment registration rated 1 and left unanswered")
        late = d.find_element(By.CSS_SELECTOR, f"#service-raised li[data-request='{raised[0]['request']['id']}']")
        self.assertIn("一个多月了没人来", late.text)
        self.assertFalse(late.find_elements(By.CSS_SELECTOR, "button"), "the centre presses the station; it does not answer for it")
        row().find_element(By.CSS_SELECTOR, "input.service-note").send_keys("资格认证已通过")
        look(self, d, "centre", self.shots, KEYS)
        self.step(d, lambda: row().find_element(By.CSS_SELECTOR, "button[data-action=complete]").click())
        seen = api_get("sq.s1", f"/api/v1/service-requests/{first['id']}")
        self.assertEqual(("done", "资格认证已通过"), (seen["request"]["state"], seen["request"]["outcome"]))
        self.assertFalse(d.find_elements(By.CSS_SELECTOR, f"#service-list li[data-request='{first['id']}']"), "decided: off the list")

    def test_8_rating_by_code_without_an_account(self):
        token = api_token(WORKER)
        headers = {"Authorization": f"Bearer {token}"}
        resident = {"Authorization": f"Bearer {api_token(RESIDENT)}"}
        filed = requests.post(f"{BASE}/api/v1/service-requests", headers=resident,
                              json={"itemCode": "pensionCertification", "clientKey": f"code-{int(time.time() * 1000)}"})
        filed.raise_for_status()
        made = filed.json()["request"]
        for step in ({"action": "accept", "version": 1}, {"action": "complete", "note": "已认证", "version": 2}):
            requests.post(f"{BASE}/api/v1/service-requests/{made['id']}/steps", headers=headers, json=step).raise_for_status()
        d = self.wide
        self.open(d, WORKER)
        row = lambda: d.find_element(By.CSS_SELECTOR, f"#service-list li[data-request='{made['id']}']")
        row().find_element(By.CSS_SELECTOR, "button[data-action=rating-code]").click()
        WebDriverWait(d, 10).until(lambda x: row().find_elements(By.CSS_SELECTOR, ".rating-code[data-code]"))
        code = row().find_element(By.CSS_SELECTOR, ".rating-code").get_attribute("data-code")
        self.assertTrue(row().find_elements(By.CSS_SELECTOR, ".service-rating-code svg"), "the QR code")
        d.execute_script("arguments[0].scrollIntoView()", row())
        look(self, d, "worker-rating-code", self.shots, KEYS)

        p = self.phone
        forget_session(p)
        # Typed from the screen (lower case, with a space) on the rating page, as well as scanned.
        p.get(f"{BASE}/console/?at={time.time()}#/rate")
        wait_ready(p)
        p.find_element(By.ID, "rate-code").send_keys(f"{code[:5].lower()} {code[5:].lower()}")
        self.step(p, lambda: p.find_element(By.CSS_SELECTOR, "#rate-code-form button[type=submit]").click())
        self.assertIn("养老金领取资格认证", p.find_element(By.ID, "rate-panel").text)
        p.find_element(By.CSS_SELECTOR, "#rate-form input[name=score][value='4']").click()
        self.step(p, lambda: p.find_element(By.CSS_SELECTOR, "#rate-form button[type=submit]").click())
        self.assertIn("谢谢您的评价", p.find_element(By.ID, "rate-done").text)
        look(self, p, "resident-rated-by-code", self.shots, KEYS)
        seen = api_get(WORKER, f"/api/v1/service-requests/{made['id']}")
        self.assertEqual(4, seen["request"]["rating"]["score"])
        self.assertEqual("居民（扫码评价）", seen["steps"][-1]["by"])
