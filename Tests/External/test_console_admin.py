"""Drives the console's administration pages (#/admin) in Debian's headless Chromium against the real server, as the
city admin at 1920x1080: every tab is drawn; a user is created, shown, given another role; a weak password is refused
next to its field; a category is added and found; a dispatch rule is added and deleted; a handling power is added and
saved; a 2027 holiday is added; a shift is added, a roster CSV imported and its error shown; a grid file is checked
on the map, confirmed and imported, and a bad one is refused naming its feature. A district admin is refused what only
the city admin may do. Screenshots go to .build/screenshots/.

It runs after the other console tests against the same city, so it only adds things, each with a unique name; it
never disables or changes the demo accounts, never replaces the taxonomy and never removes existing handling powers,
calendar days or rules.

Environment: CHENGYUN_URL (the server), CHROMIUM and CHROMEDRIVER (the browser).
"""
import json
import os
import tempfile
import time
import unittest

import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, SHOTS, WebDriverWait, api_token, browser, sign_in, text_of, wait_ready

# Unique per run, so that re-runs on one database create new things rather than collide.
STAMP = str(int(time.time() * 1000))[-9:]
COMMITTEE_CODE = "310101001001"
TABS = ["org", "users", "taxonomy", "rules", "powers", "calendar", "roster", "grids"]


class API:
    """The server's state, read and (for fixtures only) written with a token."""

    def __init__(self, username):
        self.headers = {"Authorization": f"Bearer {api_token(username)}"}

    def get(self, path):
        reply = requests.get(f"{BASE}{path}", headers=self.headers)
        reply.raise_for_status()
        return reply.json()

    def post(self, path, body):
        reply = requests.post(f"{BASE}{path}", headers=self.headers, json=body)
        assert reply.status_code in (200, 201), reply.text
        return reply.json()


def open_admin(driver, query):
    """Opens #/admin?… in a new document and waits until the tab is drawn."""
    driver.get(f"{BASE}/console/?at={time.time()}#/admin?{query}")
    wait_ready(driver)


def wait_text(driver, element_id, text, timeout=20):
    WebDriverWait(driver, timeout).until(lambda d: text in text_of(d, element_id), f"{text!r} not in #{element_id}")


def fill(driver, element_id, value):
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(value)


def set_value(driver, element_id, value):
    """Sets a date, time or datetime input the way a picker would (typing into them depends on the locale)."""
    driver.execute_script("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                          "e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));", element_id, value)


def choose(driver, element_id, value):
    Select(driver.find_element(By.ID, element_id)).select_by_value(str(value))


TEMP_FILES = []


def temp_file(suffix, content):
    """A file for the browser's file input (removed when the tests end)."""
    f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8")
    f.write(content)
    f.close()
    TEMP_FILES.append(f.name)
    return f.name


def free_event_code(api):
    """An event category code of major class 90–99 (minor 01–99) the taxonomy does not use yet."""
    used = {c["code"] for c in api.get("/api/v1/taxonomy")["categories"] if c["kind"] == "event"}
    codes = [f"{major}{minor:02d}" for major in range(90, 100) for minor in range(1, 100)]
    start = int(STAMP) % len(codes)
    return next(code for code in codes[start:] + codes[:start] if code not in used)


class AdminConsoleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SHOTS.mkdir(parents=True, exist_ok=True)
        cls.api = API("admin")
        cls.committee = next(n for n in cls.api.get("/api/v1/org/nodes?kind=committee&limit=5000") if n["code"] == COMMITTEE_CODE)
        cls.street = next(n for n in cls.api.get("/api/v1/org/nodes?kind=street&limit=5000") if cls.committee["path"].startswith(n["path"]))
        cls.wall = browser(1920, 1080)
        sign_in(cls.wall, "admin")

    @classmethod
    def tearDownClass(cls):
        cls.wall.quit()
        for name in TEMP_FILES:
            os.unlink(name)

    def test_every_tab_is_drawn(self):
        d = self.wall
        city = self.api.get("/api/v1/org/nodes?kind=city")[0]
        expected = {"org": city["name"], "users": "admin", "taxonomy": "显示", "rules": "规则名称", "powers": "部门",
                    "calendar": "法定节假日", "roster": "排班表", "grids": "GeoJSON"}
        for tab in TABS:
            open_admin(d, f"tab={tab}")
            self.assertTrue(d.find_elements(By.ID, f"a-panel-{tab}"), tab)
            self.assertEqual(d.find_element(By.ID, f"a-tab-{tab}").get_attribute("aria-current"), "page", tab)
            self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, ".admin-tabs a[aria-current]")), 1, tab)
            self.assertEqual(text_of(d, "a-tab-error"), "", tab)
            self.assertIn(expected[tab], text_of(d, f"a-panel-{tab}"), tab)
        # The organisation tree opens node by node; the city's districts show with kind and code.
        open_admin(d, "tab=org")
        WebDriverWait(d, 20).until(lambda d: "区" in text_of(d, f"a-org-children-{city['id']}"))
        district = self.api.get(f"/api/v1/org/nodes/{city['id']}/children")[0]
        toggle = d.find_element(By.CSS_SELECTOR, f"li[data-node='{district['id']}'] .a-toggle")
        self.assertEqual(toggle.get_attribute("aria-expanded"), "false")
        toggle.click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, f"li[data-node='{district['id']}'] .a-toggle").get_attribute("aria-expanded") == "true")
        street = self.api.get(f"/api/v1/org/nodes/{district['id']}/children")[0]
        wait_text(d, f"a-org-children-{district['id']}", street["code"])
        # The tab names are translated too.
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: "Users and roles" in text_of(d, "view"))
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: "用户与角色" in text_of(d, "view"))

    def test_users_create_change_role_and_weak_password(self):
        d = self.wall
        username = f"web.{STAMP}"
        open_admin(d, f"tab=users&node={self.committee['id']}")
        fill(d, "a-user-username", username)
        fill(d, "a-user-name", f"浏览器测试{STAMP}")
        fill(d, "a-user-phone", "13800138000")
        fill(d, "a-user-password", "short")
        choose(d, "a-user-role-0", "communityWorker")
        choose(d, "a-user-node-0", self.committee["id"])
        d.find_element(By.ID, "a-user-submit").click()
        # The server refuses the weak password (fewer than 12 characters); its message sits next to the password field.
        wait_text(d, "a-user-password-err", "12")
        self.assertEqual(d.find_element(By.ID, "a-user-password").get_attribute("aria-invalid"), "true")
        self.assertEqual(text_of(d, "a-user-form-alert"), "")
        self.assertFalse(any(u["username"] == username for u in self.api.get(f"/api/v1/users?nodeId={self.committee['id']}&limit=500")))
        # A good password: the user is created and listed at the committee.
        fill(d, "a-user-password", f"Good-{STAMP}-pass")
        d.find_element(By.ID, "a-user-submit").click()
        wait_text(d, "a-flash", username)
        wait_ready(d)
        row = f"#a-users-table tr[data-username='{username}']"
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, row))
        self.assertIn("居村干部", d.find_element(By.CSS_SELECTOR, row).text)
        self.assertNotIn("13800138000", d.find_element(By.CSS_SELECTOR, row).text, "the phone is masked")
        user = next(u for u in self.api.get(f"/api/v1/users?nodeId={self.committee['id']}&limit=500") if u["username"] == username)
        self.assertEqual([a["role"] for a in user["assignments"]], ["communityWorker"])
        d.save_screenshot(str(SHOTS / "admin-users-1920x1080.png"))
        # Change the role: the user becomes the committee's grid inspector.
        d.find_element(By.CSS_SELECTOR, f"{row} button[data-edit]").click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "a-edit-role-0"))
        choose(d, "a-edit-role-0", "gridInspector")
        d.find_element(By.ID, "a-edit-submit").click()
        wait_text(d, "a-flash", username)
        wait_ready(d)
        WebDriverWait(d, 20).until(lambda d: "网格监督员" in d.find_element(By.CSS_SELECTOR, row).text)
        user = next(u for u in self.api.get(f"/api/v1/users?nodeId={self.committee['id']}&limit=500") if u["username"] == username)
        self.assertEqual([a["role"] for a in user["assignments"]], ["gridInspector"])
        self.assertTrue(user["active"])
        # The new user signs in with the password the admin gave.
        self.assertEqual(requests.post(f"{BASE}/api/v1/auth/login", json={"username": username, "password": f"Good-{STAMP}-pass"}).status_code, 200)

    def test_category_added_and_found(self):
        d = self.wall
        code = free_event_code(self.api)
        open_admin(d, "tab=taxonomy")
        before = len(self.api.get("/api/v1/taxonomy")["categories"])
        d.find_element(By.ID, "a-cat-new").click()
        choose(d, "a-cat-kind", "event")
        fill(d, "a-cat-code", code)
        fill(d, "a-cat-major", "测试大类")
        fill(d, "a-cat-name", f"浏览器测试小类{STAMP}")
        fill(d, "a-cat-name-en", f"Browser test {STAMP}")
        choose(d, "a-cat-lead", "chengguan")
        choose(d, "a-cat-urgency", "urgent")
        fill(d, "a-cat-hours-normal", "24")
        fill(d, "a-cat-hours-urgent", "4")
        fill(d, "a-cat-hours-critical", "1")
        fill(d, "a-cat-acceptance", "现场可见")
        fill(d, "a-cat-closing", "已清除")
        d.find_element(By.ID, "a-cat-submit").click()
        wait_text(d, "a-flash", code)
        wait_ready(d)
        fill(d, "a-tax-search", f"浏览器测试小类{STAMP}")
        rows = [r for r in d.find_elements(By.CSS_SELECTOR, "#a-tax-table tbody tr") if r.is_displayed()]
        self.assertEqual(len(rows), 1)
        self.assertIn(code, rows[0].text)
        self.assertIn("紧急", rows[0].text)
        self.assertIn("24 / 4 / 1", rows[0].text)
        categories = self.api.get("/api/v1/taxonomy")["categories"]
        self.assertEqual(len(categories), before + 1, "one category added, none removed")
        self.assertTrue(any(c["kind"] == "event" and c["code"] == code and c["deadlineHours"]["urgent"] == 4 for c in categories))

    def test_dispatch_rule_added_and_deleted(self):
        d = self.wall
        name = f"浏览器测试规则{STAMP}"
        before = self.api.get("/api/v1/rules")
        open_admin(d, "tab=rules")
        fill(d, "a-rule-name", name)
        # A window whose end is its start is refused next to the end time.
        d.find_element(By.ID, "a-rule-window").click()
        set_value(d, "a-rule-start", "22:00")
        set_value(d, "a-rule-end", "22:00")
        d.find_element(By.ID, "a-rule-submit").click()
        wait_text(d, "a-rule-end-err", "结束")
        # Overnight on weekends, for the street, led by a department that serves it.
        set_value(d, "a-rule-end", "06:00")
        for day in range(1, 6):
            d.find_element(By.ID, f"a-rule-day-{day}").click()
        for day in (6, 7):
            if not d.find_element(By.ID, f"a-rule-day-{day}").is_selected():
                d.find_element(By.ID, f"a-rule-day-{day}").click()
        choose(d, "a-rule-area", self.street["id"])
        Select(d.find_element(By.ID, "a-rule-lead")).select_by_index(0)
        d.find_element(By.ID, "a-rule-submit").click()
        wait_text(d, "a-flash", name)
        wait_ready(d)
        row = f"#a-rules-table tr[data-rule='{name}']"
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, row))
        self.assertIn("22:00–06:00", d.find_element(By.CSS_SELECTOR, row).text)
        self.assertIn(self.street["name"], d.find_element(By.CSS_SELECTOR, row).text)
        rule = next(r for r in self.api.get("/api/v1/rules") if r["name"] == name)
        self.assertEqual(rule["window"], {"weekdays": [6, 7], "start": "22:00", "end": "06:00"})
        self.assertEqual(rule["areaNodeId"], self.street["id"])
        # Delete asks to be pressed twice.
        button = d.find_element(By.CSS_SELECTOR, f"{row} button[data-delete]")
        button.click()
        self.assertTrue(self.api.get("/api/v1/rules") and any(r["name"] == name for r in self.api.get("/api/v1/rules")))
        d.find_element(By.CSS_SELECTOR, f"{row} button[data-delete]").click()
        wait_text(d, "a-flash", name)
        wait_ready(d)
        WebDriverWait(d, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, row))
        after = self.api.get("/api/v1/rules")
        self.assertFalse(any(r["name"] == name for r in after))
        self.assertEqual(sorted(r["id"] for r in before), sorted(r["id"] for r in after), "the other rules are untouched")

    def test_handling_power_added_and_saved(self):
        d = self.wall
        before = self.api.get("/api/v1/handling-powers")
        have = {(p["departmentId"], p["categoryId"]) for p in before}
        departments = self.api.get("/api/v1/departments")
        categories = [f"{c['kind']}:{c['code']}" for c in self.api.get("/api/v1/taxonomy")["categories"]]
        pair = next((dep["id"], c) for c in categories for dep in departments if (dep["id"], c) not in have)
        open_admin(d, "tab=powers")
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#a-powers-table tbody tr")), len(before))
        choose(d, "a-power-dept", pair[0])
        choose(d, "a-power-category", pair[1])
        d.find_element(By.ID, "a-power-submit").click()
        WebDriverWait(d, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#a-powers-table tbody tr.added")) == 1)
        self.assertIn("1", text_of(d, "a-powers-changes"))
        d.find_element(By.ID, "a-powers-save").click()
        wait_text(d, "a-flash", str(len(before) + 1))
        wait_ready(d)
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, f"#a-powers-table tr[data-power='{pair[0]}|{pair[1]}']"))
        after = {(p["departmentId"], p["categoryId"]) for p in self.api.get("/api/v1/handling-powers")}
        self.assertEqual(after, have | {pair}, "one row added, none removed")

    def test_holiday_added_in_2027(self):
        d = self.wall
        before = self.api.get("/api/v1/calendar")
        taken = set(before["holidays"]) | set(before["makeUpWorkdays"])
        day = next(f"2027-{m:02d}-{dd:02d}" for m, dd in [(1 + (int(STAMP) + i) % 12, 1 + (int(STAMP) // 12 + i) % 28) for i in range(400)]
                   if f"2027-{m:02d}-{dd:02d}" not in taken)
        open_admin(d, "tab=calendar")
        self.assertIn("周一至周五", text_of(d, "a-cal-facts"))
        set_value(d, "a-cal-date", day)
        d.find_element(By.ID, "a-cal-add-holiday").click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#a-cal-holidays [data-day='{day}']"))
        self.assertNotEqual(text_of(d, "a-cal-pending"), "")
        # The same day again is refused in the browser.
        d.find_element(By.ID, "a-cal-add-workday").click()
        wait_text(d, "a-cal-date-err", day)
        d.find_element(By.ID, "a-cal-save").click()
        wait_text(d, "a-flash", "工作日历")
        wait_ready(d)
        self.assertIn("2027", text_of(d, "a-cal-holidays"))
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, f"#a-cal-holidays [data-day='{day}']"))
        after = self.api.get("/api/v1/calendar")
        self.assertEqual(set(after["holidays"]), set(before["holidays"]) | {day})
        self.assertEqual(set(after["makeUpWorkdays"]), set(before["makeUpWorkdays"]))
        # Working hours are edited here too; a period that is not a time is refused next to the field, nothing saved.
        periods = d.find_element(By.ID, "a-cal-periods")
        self.assertIn("09:00", periods.get_attribute("value"))
        periods.clear()
        periods.send_keys("09:00-25:00")
        d.find_element(By.ID, "a-cal-save").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "a-cal-periods-err") != "")
        self.assertEqual(text_of(d, "a-cal-alert"), "")
        self.assertEqual(self.api.get("/api/v1/calendar")["periods"], after["periods"])

    def test_roster_shift_added_imported_and_deleted(self):
        d = self.wall
        username = f"shift.{STAMP}"
        person = self.api.post("/api/v1/users", {"username": username, "displayName": f"排班测试{STAMP}", "password": f"Roster-{STAMP}",
                                                 "assignments": [{"role": "dutyOfficer", "nodeId": self.street["id"]}]})
        open_admin(d, f"tab=roster&node={self.street['id']}")
        self.assertIn(self.street["name"], text_of(d, "a-panel-roster"))
        from_day = d.find_element(By.ID, "a-roster-from").get_attribute("value")
        choose(d, "a-shift-user", person["id"])
        choose(d, "a-shift-post", "dutyChief")
        set_value(d, "a-shift-start", f"{from_day}T09:00")
        set_value(d, "a-shift-end", f"{from_day}T08:00")
        d.find_element(By.ID, "a-shift-submit").click()
        wait_text(d, "a-shift-end-err", "结束")
        set_value(d, "a-shift-end", f"{from_day}T12:00")
        d.find_element(By.ID, "a-shift-submit").click()
        wait_text(d, "a-flash", "已添加")
        wait_ready(d)
        rows = f"#a-roster-table tr[data-user='{person['displayName']}']"
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, rows))
        self.assertIn("09:00 – 12:00", d.find_element(By.CSS_SELECTOR, rows).text)
        self.assertIn("值班长", d.find_element(By.CSS_SELECTOR, rows).text)
        shifts = [s for s in self.api.get(f"/api/v1/duty/shifts?nodeId={self.street['id']}&from={from_day}") if s["userId"] == person["id"]]
        self.assertEqual(len(shifts), 1)
        self.assertTrue(shifts[0]["start"].startswith(from_day) or shifts[0]["start"] < f"{from_day}T09:00")
        # A roster CSV with a wrong post: the server names line and column, nothing is stored.
        bad = temp_file(".csv", f"date,start,end,post,username\n{from_day},13:00,14:00,dutyOfficer,{username}\n{from_day},14:00,15:00,厨师,{username}\n")
        d.find_element(By.ID, "a-csv-file").send_keys(bad)
        d.find_element(By.ID, "a-csv-submit").click()
        wait_text(d, "a-csv-file-err", "第 3 行")
        self.assertEqual(len([s for s in self.api.get(f"/api/v1/duty/shifts?nodeId={self.street['id']}&from={from_day}") if s["userId"] == person["id"]]), 1)
        good = temp_file(".csv", f"date,start,end,post,username\n{from_day},13:00,14:00,值班员,{username}\n")
        d.find_element(By.ID, "a-csv-file").clear()
        d.find_element(By.ID, "a-csv-file").send_keys(good)
        d.find_element(By.ID, "a-csv-submit").click()
        wait_text(d, "a-flash", "1")
        wait_ready(d)
        WebDriverWait(d, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) == 2)
        self.assertIn("13:00 – 14:00", d.find_elements(By.CSS_SELECTOR, rows)[1].text)
        # Delete the imported one (asks twice).
        d.find_elements(By.CSS_SELECTOR, f"{rows} button.danger")[1].click()
        d.find_elements(By.CSS_SELECTOR, f"{rows} button.danger")[1].click()
        wait_text(d, "a-flash", "已删除")
        wait_ready(d)
        WebDriverWait(d, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) == 1)
        self.assertEqual(len([s for s in self.api.get(f"/api/v1/duty/shifts?nodeId={self.street['id']}&from={from_day}") if s["userId"] == person["id"]]), 1)

    def test_grid_import_checked_on_the_map_then_confirmed(self):
        d = self.wall
        taken = {n["code"] for n in self.api.get(f"/api/v1/org/nodes/{self.committee['id']}/children")}
        code = next(c for c in (f"{COMMITTEE_CODE}9{(int(STAMP) + i) % 100:02d}" for i in range(100)) if c not in taken)
        # Split one of the committee's four-cornered grids in two (a city is tiled by its grids, so a new grid is made
        # room for): the old grid keeps its first half under its own code, the new grid takes the other half.
        grids = self.api.get(f"/api/v1/map/areas?kind=grid&nodeId={self.committee['id']}")["features"]
        first = next(f for f in grids if f["geometry"]["type"] == "Polygon" and len(f["geometry"]["coordinates"][0]) == 5)
        p0, p1, p2, p3 = first["geometry"]["coordinates"][0][:4]
        mid = lambda a, b: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]  # noqa: E731
        m01, m23 = mid(p0, p1), mid(p2, p3)
        kept = {"type": "Feature", "properties": {"code": first["properties"]["code"], "name": first["properties"]["name"], "kind": "grid", "parentCode": COMMITTEE_CODE},
                "geometry": {"type": "Polygon", "coordinates": [[p0, m01, m23, p3, p0]]}}
        feature = {"type": "Feature", "properties": {"code": code, "name": f"导入测试网格{code[-3:]}", "kind": "grid", "parentCode": COMMITTEE_CODE},
                   "geometry": {"type": "Polygon", "coordinates": [[m01, p1, p2, m23, m01]]}}
        good = temp_file(".geojson", json.dumps({"type": "FeatureCollection", "features": [kept, feature]}, ensure_ascii=False))
        open_admin(d, "tab=grids")
        self.assertTrue(d.find_element(By.ID, "a-grid-confirm").get_attribute("disabled"))
        d.find_element(By.ID, "a-grid-file").send_keys(good)
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, "a-grid-map").get_attribute("data-features") == "2")
        self.assertIn(code, text_of(d, "a-grid-features"))
        self.assertTrue(d.find_element(By.ID, "a-grid-confirm").get_attribute("disabled"), "confirm waits for the check")
        d.find_element(By.ID, "a-grid-check").click()
        wait_text(d, "a-grid-result", "将新建 1 个，更新 1 个")
        self.assertIn("单元网格：新建 1 个", text_of(d, "a-grid-result"))
        self.assertIsNone(d.find_element(By.ID, "a-grid-confirm").get_attribute("disabled"))
        self.assertNotIn(code, {n["code"] for n in self.api.get(f"/api/v1/org/nodes/{self.committee['id']}/children")}, "a dry run stores nothing")
        # The feature is drawn on the map over the streets, with its name and code in a tooltip.
        paths = d.find_elements(By.CSS_SELECTOR, "#a-grid-map path.leaflet-interactive")
        self.assertGreaterEqual(len(paths), 3, "the streets and the two features")
        ActionChains(d).move_to_element(paths[-1]).perform()
        WebDriverWait(d, 10).until(lambda d: code in d.execute_script("return [...document.querySelectorAll('#a-grid-map .leaflet-tooltip')].map(e => e.innerText).join(' ')"))
        d.save_screenshot(str(SHOTS / "admin-grid-import-1920x1080.png"))
        d.find_element(By.ID, "a-grid-confirm").click()
        wait_text(d, "a-grid-done", "新建 1 个")
        self.assertTrue(d.find_element(By.ID, "a-grid-confirm").get_attribute("disabled"))
        grids = {n["code"]: n for n in self.api.get(f"/api/v1/org/nodes/{self.committee['id']}/children")}
        self.assertIn(code, grids)
        self.assertEqual(grids[code]["kind"], "grid")
        # A file whose second feature has no code: the server names it, the map and the table mark it.
        nameless = dict(feature, properties={"name": "无代码", "kind": "grid", "parentCode": COMMITTEE_CODE})
        bad = temp_file(".geojson", json.dumps({"type": "FeatureCollection", "features": [feature, nameless]}, ensure_ascii=False))
        d.find_element(By.ID, "a-grid-file").clear()
        d.find_element(By.ID, "a-grid-file").send_keys(bad)
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, "a-grid-map").get_attribute("data-features") == "2")
        d.find_element(By.ID, "a-grid-check").click()
        wait_text(d, "a-grid-file-err", "缺少代码")
        self.assertIn("第 2 项", text_of(d, "a-grid-file-err"))
        self.assertEqual(d.find_element(By.ID, "a-grid-map").get_attribute("data-highlight"), "1")
        self.assertIn("bad", d.find_element(By.ID, "a-grid-feature-1").get_attribute("class"))
        self.assertTrue(d.find_element(By.ID, "a-grid-confirm").get_attribute("disabled"))
        self.assertEqual(text_of(d, "a-grid-result"), "")

    def test_district_admin_is_refused_city_matters(self):
        d = browser(1920, 1080)
        try:
            sign_in(d, "admin.d1")
            me = API("admin.d1").get("/api/v1/me")
            top = next(a for a in me["assignments"] if a["role"] == "admin")
            open_admin(d, "tab=org")
            tree = text_of(d, "a-org-tree")
            self.assertIn(API("admin.d1").get(f"/api/v1/org/nodes/{top['nodeId']}")["name"], tree)
            self.assertNotIn("市", d.find_element(By.CSS_SELECTOR, "#a-org-tree > li > .a-tree-row .badge").text)
            # The taxonomy is the city admin's: the server's refusal is shown, nothing is stored.
            open_admin(d, "tab=taxonomy")
            code = free_event_code(self.api)
            d.find_element(By.ID, "a-cat-new").click()
            for field, value in [("a-cat-code", code), ("a-cat-major", "测试"), ("a-cat-name", f"区管理员{STAMP}"), ("a-cat-name-en", "District try"),
                                 ("a-cat-acceptance", "无"), ("a-cat-closing", "无")]:
                fill(d, field, value)
            d.find_element(By.ID, "a-cat-submit").click()
            WebDriverWait(d, 20).until(lambda d: text_of(d, "a-cat-form-alert") != "")
            self.assertFalse(any(c["name"] == f"区管理员{STAMP}" for c in self.api.get("/api/v1/taxonomy")["categories"]))
        finally:
            d.quit()


if __name__ == "__main__":
    unittest.main()
