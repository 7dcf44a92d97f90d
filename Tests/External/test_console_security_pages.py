"""The console's security pages (issue 14) in Debian's headless Chromium against the real server, at 1920x1080 in zh-CN:

- the auditor lands on 使用痕迹 (#/audit): sign-in lines and a personal-data read made earlier by the duty officer with
  its purpose, the alert raised by a burst of reads at the top, a query by person (a click on the subject's id), the
  kind filter, paging by the server's cursor; a duty officer is refused the page;
- the duty officer shows a reporter's contact on a case page for a stated purpose and sees the phone unmasked (and
  nothing of it in localStorage);
- the admin resets a user's password in the users tab; that user changes their own password in the console (each
  refusal next to its field, in Chinese) and signs in with the new one;
- the admin creates, rotates and revokes an API key in the new tab, and the old key stops working at once.

It only adds things with unique names, so it can run again on the same city. It uses duty.d1 (for the burst of reads)
and duty.d2 (whose password it changes): no other test signs in as either. It never fails a sign-in more than once
per user (the lock comes after five).

Screenshots: audit-1920x1080.png, password-1920x1080.png, admin-apikeys-1920x1080.png, case-contact-1920x1080.png.
"""
import time
import unittest

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, LAT, LON, SHOTS, WebDriverWait, api_token, browser, forget_session, sign_in, text_of, wait_ready

STAMP = str(int(time.time() * 1000))[-9:]
REASON = f"回访核实处置结果-{STAMP}"


def bearer(username):
    return {"Authorization": f"Bearer {api_token(username)}"}


def fill(driver, element_id, value):
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(value)


def wait_text(driver, element_id, text, timeout=20):
    WebDriverWait(driver, timeout).until(lambda d: text in text_of(d, element_id), f"{text!r} not in #{element_id}")


def open_page(driver, route):
    driver.get(f"{BASE}/console/?at={time.time()}#{route}")
    wait_ready(driver)


def sign_in_with(driver, username, password):
    """The login page with another password than the demo one."""
    forget_session(driver)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "username"))
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "signin").click()
    WebDriverWait(driver, 20).until(lambda d: "#/login" not in d.current_url)
    wait_ready(driver)


def audit_rows(driver):
    """The audit table's lines as [{id, action, subject, text}], read in one step."""
    return driver.execute_script("""return [...document.querySelectorAll('#audit-table tbody tr')].map(r => ({
        id: Number(r.dataset.id), action: r.dataset.action, text: r.innerText,
        subject: (r.querySelector('[data-subject]') || { dataset: {} }).dataset.subject || null }))""")


class SecurityPagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SHOTS.mkdir(parents=True, exist_ok=True)
        # A resident reports a case with a name and phone; the city's duty officer reads the reporter's contact for a purpose (the API way).
        resident = bearer("resident1")
        cls.resident_id = requests.get(f"{BASE}/api/v1/me", headers=resident).json()["id"]
        made = requests.post(f"{BASE}/api/v1/cases", headers=resident,
                             json={"source": "resident", "categoryId": "event:0110", "description": f"安全页面测试 {STAMP}", "location": {"lon": LON, "lat": LAT},
                                   "reporterName": "郑晓雯", "reporterPhone": f"139{STAMP[-8:]}"})
        assert made.status_code == 201, made.text
        cls.case = made.json()
        read = requests.post(f"{BASE}/api/v1/cases/{cls.case['id']}/reporter", headers=bearer("duty"), json={"reason": REASON})
        assert read.status_code == 200, read.text
        cls.contact = read.json()
        assert cls.contact == {"name": "郑晓雯", "phone": f"139{STAMP[-8:]}"}, cls.contact
        cls.d = browser(1920, 1080)

    @classmethod
    def tearDownClass(cls):
        cls.d.quit()

    def test_auditor_reads_the_trail(self):
        d = self.d
        # A district duty officer reads 31 reporters' contacts within the hour: the platform alerts the auditor.
        reader = bearer("duty.d1")
        cases = requests.get(f"{BASE}/api/v1/cases?limit=1", headers=reader).json()["items"]
        self.assertTrue(cases, "duty.d1 sees a case")
        for n in range(31):
            reply = requests.post(f"{BASE}/api/v1/cases/{cases[0]['id']}/reporter", headers=reader, json={"reason": f"批量回访 {n}"})
            self.assertEqual(reply.status_code, 200, reply.text)
        sign_in(d, "auditor")
        self.assertTrue(d.current_url.endswith("#/audit"), d.current_url)
        menu = text_of(d, "menu")
        self.assertIn("使用痕迹", menu)
        for other in ["工作台", "城运大屏", "系统管理"]:
            self.assertNotIn(other, menu)
        self.assertIn("修改密码", text_of(d, "password-link"))
        # The alert is at the top, in its highlighted panel.
        self.assertIn("duty.d1", text_of(d, "audit-alerts"))
        self.assertIn("异常访问", text_of(d, "audit-alerts"))
        self.assertIn("raised", d.find_element(By.ID, "audit-alerts").get_attribute("class"))
        # Sign-ins in words, newest first.
        rows = audit_rows(d)
        self.assertTrue(any(r["action"] == "auth.signed_in" and "登录成功" in r["text"] for r in rows), rows[:5])
        self.assertEqual(rows[0]["action"], "auth.signed_in", "the auditor's own sign-in is the newest line")
        self.assertIn("auditor", rows[0]["text"])
        d.save_screenshot(str(SHOTS / "audit-1920x1080.png"))

        # The city duty officer's reads of personal data: the one made earlier is there with its purpose.
        duty = requests.get(f"{BASE}/api/v1/me", headers=bearer("duty")).json()["id"]
        Select(d.find_element(By.ID, "audit-kind")).select_by_value("personal.")
        fill(d, "audit-actor", str(duty))
        d.find_element(By.ID, "audit-apply").click()
        WebDriverWait(d, 20).until(lambda d: f"actor={duty}" in d.current_url and "kind=personal." in d.current_url)
        wait_ready(d)
        rows = audit_rows(d)
        self.assertTrue(rows and all(r["action"] == "personal.read" for r in rows), rows)
        reads = [r for r in rows if REASON in r["text"]]
        self.assertEqual(len(reads), 1, "the read made earlier is on the trail")
        self.assertIn("查看个人信息", reads[0]["text"])
        self.assertIn(f"案件 #{self.case['id']}", reads[0]["text"])
        self.assertEqual(reads[0]["subject"], str(self.resident_id))

        # A query by person: a click on the subject's id keeps only the lines about that person.
        d.find_element(By.CSS_SELECTOR, f"#audit-table tr[data-id='{reads[0]['id']}'] a[data-subject]").click()
        WebDriverWait(d, 20).until(lambda d: f"subject={self.resident_id}" in d.current_url)
        wait_ready(d)
        rows = audit_rows(d)
        self.assertTrue(rows)
        self.assertTrue(all(r["subject"] == str(self.resident_id) for r in rows), rows)
        self.assertTrue(any(REASON in r["text"] for r in rows))
        self.assertIn(f"#{self.resident_id}", text_of(d, "audit-subject-chip"))
        self.assertEqual(d.find_element(By.ID, "audit-subject").get_attribute("value"), str(self.resident_id))

        # The kind filter: sign-ins and passwords only.
        open_page(d, "/audit")
        Select(d.find_element(By.ID, "audit-kind")).select_by_value("auth.")
        d.find_element(By.ID, "audit-apply").click()
        WebDriverWait(d, 20).until(lambda d: "kind=auth." in d.current_url)
        wait_ready(d)
        rows = audit_rows(d)
        self.assertTrue(rows and all(r["action"].startswith("auth.") for r in rows), rows)

        # Paging by the server's cursor: three lines a page, the next three older ones appended.
        for name in ["leader", "duty", "resident1"]:
            api_token(name)
        open_page(d, "/audit?kind=auth.&limit=3")
        first = audit_rows(d)
        self.assertEqual(len(first), 3)
        self.assertIn("3", text_of(d, "audit-count"))
        d.find_element(By.ID, "audit-more").click()
        WebDriverWait(d, 20).until(lambda d: len(audit_rows(d)) == 6)
        ids = [r["id"] for r in audit_rows(d)]
        self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
        self.assertEqual(len(set(ids)), 6, "no line twice")
        self.assertEqual([r["id"] for r in audit_rows(d)][:3], [r["id"] for r in first])
        self.assertIn("6", text_of(d, "audit-count"))

        # In English the actions are words too.
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: "Signed in" in text_of(d, "audit-table"))
        self.assertIn("Audit trail", text_of(d, "view"))
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: "登录成功" in text_of(d, "audit-table"))

    def test_duty_officer_shows_a_contact_for_a_purpose(self):
        d = self.d
        sign_in(d, "duty")
        # The trail is the auditor's alone.
        d.get(f"{BASE}/console/?at={time.time()}#/audit")
        WebDriverWait(d, 20).until(lambda d: "只有审计员可以查看使用痕迹" in text_of(d, "view"))
        self.assertNotIn("使用痕迹", text_of(d, "menu"))

        open_page(d, f"/case/{self.case['id']}")
        masked = text_of(d, "case-reporter-phone")
        self.assertIn("*", masked, "the phone is masked until asked for")
        self.assertNotEqual(masked, self.contact["phone"])
        d.find_element(By.ID, "reveal-contact").click()
        # A purpose of blanks passes the browser's checks (required, two characters) but not the server's: refused next
        # to the field, in Chinese.
        fill(d, "reveal-reason", "   ")
        d.find_element(By.ID, "reveal-submit").click()
        wait_text(d, "reveal-reason-err", "目的")
        self.assertIn("*", text_of(d, "case-reporter-phone"))
        fill(d, "reveal-reason", f"电话回访 {STAMP}")
        d.find_element(By.ID, "reveal-submit").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "case-reporter-phone") == self.contact["phone"])
        self.assertEqual(text_of(d, "case-reporter"), self.contact["name"])
        self.assertIn(f"电话回访 {STAMP}", text_of(d, "reveal-done"))
        self.assertEqual(d.find_element(By.ID, "case-reporter-tel").get_attribute("href"), f"tel:{self.contact['phone']}")
        stored = d.execute_script("return JSON.stringify([Object.assign({}, localStorage), Object.assign({}, sessionStorage)])")
        self.assertNotIn(self.contact["phone"], stored)
        d.save_screenshot(str(SHOTS / "case-contact-1920x1080.png"))
        # The read is on the trail with its purpose.
        duty = requests.get(f"{BASE}/api/v1/me", headers=bearer("duty")).json()["id"]
        lines = requests.get(f"{BASE}/api/v1/audit?action=personal.&actorId={duty}&limit=20", headers=bearer("auditor")).json()["items"]
        self.assertTrue(any(x["reason"] == f"电话回访 {STAMP}" and x["target"] == f"case:{self.case['id']}" for x in lines), lines)
        # A resident sees no such button.
        sign_in(d, "resident1")
        open_page(d, f"/case/{self.case['id']}")
        self.assertEqual(d.find_elements(By.ID, "reveal-contact"), [])

    def test_password_reset_by_admin_then_changed_by_the_user(self):
        d = self.d
        start, new = f"重置-起始口令-{STAMP}", f"巡查-更安全的口令-{STAMP}"
        users = requests.get(f"{BASE}/api/v1/users?nodeId=1&limit=1000", headers=bearer("admin")).json()
        person = next(u for u in users if u["username"] == "duty.d2")
        # The admin gives duty.d2 a new password in the users tab (which also makes this test repeatable).
        sign_in(d, "admin")
        open_page(d, f"/admin?tab=users&node={person['assignments'][0]['nodeId']}")
        d.find_element(By.CSS_SELECTOR, "#a-users-table button[data-reset='duty.d2']").click()
        fill(d, "a-reset-password", start)
        fill(d, "a-reset-repeat", start + "x")
        d.find_element(By.ID, "a-reset-submit").click()
        wait_text(d, "a-reset-repeat-err", "不一致")
        fill(d, "a-reset-repeat", start)
        d.find_element(By.ID, "a-reset-submit").click()
        WebDriverWait(d, 20).until(lambda d: "duty.d2" in text_of(d, "a-flash"))
        self.assertIn("已重置", text_of(d, "a-flash"))

        # duty.d2 signs in with it and changes it from the top bar.
        sign_in_with(d, "duty.d2", start)
        d.find_element(By.ID, "password-link").click()
        WebDriverWait(d, 20).until(lambda d: d.current_url.endswith("#/password"))
        wait_ready(d)
        self.assertEqual(d.find_element(By.ID, "password-link").get_attribute("aria-current"), "page")
        fill(d, "pw-old", "并不是这个口令-0000")
        fill(d, "pw-new", new)
        fill(d, "pw-repeat", new)
        d.find_element(By.ID, "pw-submit").click()
        wait_text(d, "pw-old-err", "当前密码不正确")
        self.assertEqual(d.find_element(By.ID, "pw-old").get_attribute("aria-invalid"), "true")
        fill(d, "pw-old", start)
        fill(d, "pw-new", "短口令")
        fill(d, "pw-repeat", "短口令")
        d.find_element(By.ID, "pw-submit").click()
        wait_text(d, "pw-new-err", "12")
        self.assertIn("至少", text_of(d, "pw-new-err"))
        self.assertEqual(text_of(d, "pw-old-err"), "")
        d.save_screenshot(str(SHOTS / "password-1920x1080.png"))
        fill(d, "pw-new", new)
        fill(d, "pw-repeat", new + "!")
        d.find_element(By.ID, "pw-submit").click()
        wait_text(d, "pw-repeat-err", "不一致")
        fill(d, "pw-new", new)
        fill(d, "pw-repeat", new)
        d.find_element(By.ID, "pw-submit").click()
        wait_text(d, "pw-status", "密码已修改")
        self.assertEqual(d.find_element(By.ID, "pw-old").get_attribute("value"), "")
        # The page stays signed in; after signing out, the new password opens the console and the old one does not.
        self.assertEqual(requests.post(f"{BASE}/api/v1/auth/login", json={"username": "duty.d2", "password": start}).status_code, 401)
        d.find_element(By.ID, "logout").click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "username"))
        sign_in_with(d, "duty.d2", new)
        self.assertTrue(d.current_url.endswith("#/screen"), d.current_url)
        self.assertIn("值班员", text_of(d, "who"))

    def test_admin_creates_rotates_and_revokes_an_api_key(self):
        d = self.d
        name = f"测试热线平台-{STAMP}"
        sign_in(d, "admin")
        open_page(d, "/admin?tab=apikeys")
        self.assertEqual(d.find_element(By.ID, "a-tab-apikeys").get_attribute("aria-current"), "page")
        self.assertEqual(text_of(d, "a-tab-error"), "")
        # No source chosen: refused next to the sources.
        fill(d, "a-key-name", name)
        d.find_element(By.ID, "a-key-submit").click()
        wait_text(d, "a-key-sources-err", "来源")
        for source in ["hotline", "sensor"]:
            d.find_element(By.ID, f"a-key-source-{source}").click()
        d.find_element(By.ID, "a-key-submit").click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "a-key-value"))
        first = d.find_element(By.ID, "a-key-value").get_attribute("value")
        self.assertTrue(first.startswith("cyk_"), first)
        self.assertIn("不会再次显示", text_of(d, "a-key-warning"))
        row = f"#a-keys-table tr[data-key='{name}']"
        self.assertIn("12345热线", d.find_element(By.CSS_SELECTOR, row).text)
        self.assertIn("有效", d.find_element(By.CSS_SELECTOR, row).text)
        self.assertEqual(requests.get(f"{BASE}/api/v1/me", headers={"Authorization": f"Bearer {first}"}).json(), {"system": name})
        d.save_screenshot(str(SHOTS / "admin-apikeys-1920x1080.png"))
        # The key is not kept anywhere: the list never has it, and a new drawing of the tab forgets it.
        self.assertNotIn(first, requests.get(f"{BASE}/api/v1/apikeys", headers=bearer("admin")).text)
        self.assertNotIn(first, d.execute_script("return JSON.stringify(Object.assign({}, localStorage))"))

        # Rotate: asked twice; a new key is shown and the old one stops working.
        rotate = d.find_element(By.CSS_SELECTOR, f"{row} button[data-rotate]")
        rotate.click()
        self.assertEqual(rotate.text, "再按一次确认")
        rotate.click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, "a-key-value").get_attribute("value") not in ("", first))
        second = d.find_element(By.ID, "a-key-value").get_attribute("value")
        self.assertIn("旧密钥已失效", text_of(d, "a-key-secret-box"))
        self.assertEqual(requests.get(f"{BASE}/api/v1/me", headers={"Authorization": f"Bearer {first}"}).status_code, 401)
        self.assertEqual(requests.get(f"{BASE}/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code, 200)

        # Revoke: asked twice; the key stops working and the row says so.
        revoke = d.find_element(By.CSS_SELECTOR, f"{row} button[data-revoke]")
        revoke.click()
        revoke.click()
        wait_text(d, "a-keys-status", name)
        WebDriverWait(d, 20).until(lambda d: "已吊销" in d.find_element(By.CSS_SELECTOR, row).text)
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, f"{row} button"), [])
        self.assertEqual(d.find_elements(By.ID, "a-key-value"), [])
        self.assertEqual(requests.get(f"{BASE}/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code, 401)
        # The auditor sees the three changes.
        lines = requests.get(f"{BASE}/api/v1/audit?action=apikey.&limit=50", headers=bearer("auditor")).json()["items"]
        self.assertLessEqual({"apikey.created", "apikey.rotated", "apikey.revoked"}, {x["action"] for x in lines if x.get("detail") == name})


if __name__ == "__main__":
    unittest.main(verbosity=2)
