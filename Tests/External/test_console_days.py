"""Each role's day in the Chinese console, walked in headless Chromium against the real server: every page of the
role's menu at 1920×1080 and on a 375-px phone — drawn, with no error shown, no English sentence in the Chinese
console and no sideways scrolling on the phone — and the step of the day only that role takes, done through the
pages as a person would (no typed coordinates). Screenshots: .build/screenshots/day-<role>-<page>-<width>.png, shown
in docs/CONSOLE.md.

Environment: CHENGYUN_URL, CHENGYUN_POINT ("lon,lat" in the demo inspector's committee).
"""
import re
import time
import unittest

import requests
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

from test_console import BASE, LAT, LON, SHOTS, WebDriverWait, api_token, browser, pick_category, sign_in, tap_place, text_of, wait_ready

# Words of an English sentence (an untranslated server message or a missing string) and raw source names; the
# console's own Latin text — case numbers, usernames, "English" on the language switch, KPI, Excel — has none of them.
ENGLISH = re.compile(r"\b(the|is|are|was|must|cannot|not|please|invalid|error|failed|missing|field|case|cases"
                     r"|sensor|hotline|police110|video)\b", re.IGNORECASE)
WIDTHS = [(1920, 1080), (375, 812)]


def settle(driver):
    """Lets maps and charts finish drawing before a screenshot; a page with neither is ready as it is."""
    if driver.execute_script("return !!document.querySelector('#view canvas, #view .leaflet-container')"):
        time.sleep(0.3)


def api_get(user, path, **params):
    """A GET of the API as `user`, its JSON."""
    reply = requests.get(f"{BASE}{path}", headers={"Authorization": f"Bearer {api_token(user)}"}, params=params)
    reply.raise_for_status()
    return reply.json()


class DeskAndPhone(unittest.TestCase):
    """A 1920-px desk browser (`wide`) and a 375-px phone (`phone`) shared by a class's tests; screenshots go to `shots`."""
    shots = SHOTS

    @classmethod
    def setUpClass(cls):
        cls.shots.mkdir(parents=True, exist_ok=True)
        cls.wide = browser(1920, 1080)
        cls.phone = browser(375, 800)

    @classmethod
    def tearDownClass(cls):
        cls.wide.quit()
        cls.phone.quit()

    page = "#/"    # the page `open` signs in to

    def open(self, d, user):
        """Signs `user` in on `d` and opens the class's page."""
        sign_in(d, user)
        d.get(f"{BASE}/console/?at={time.time()}{self.page}")
        wait_ready(d)

    def step(self, d, click):
        """Clicks, then waits for the page drawn again (each step reloads the page's data); no error shown. A click that
        sends twice (a double press) draws the page twice: it waits for the requests under way and the last drawing, then
        reads the errors in one go (the first drawing's elements are gone by then)."""
        d.execute_script("document.getElementById('view').dataset.ready = 'stale'")
        click()
        wait_ready(d, 15)
        try:
            WebDriverWait(d, 5).until(lambda x: x.execute_script(
                "return (typeof pendingSummary !== 'function' || pendingSummary().length === 0)"
                " && document.getElementById('view').dataset.ready === 'true'"))
        except TimeoutException:
            pass  # a page that polls keeps a request under way; what it shows is read as it is
        errors = d.execute_script("return [...document.querySelectorAll('#view .error')].map(e => e.textContent.trim()).filter(Boolean)")
        self.assertFalse(errors, errors)


def look(case, driver, name, shots, keys, chinese=True, refusal=False):
    """Checks a page as its user sees it, then takes its screenshot into `shots`: ready, no error shown, no raw string
    key of the page's tables (`keys`, e.g. ("matters", "station")) nor of the menu or errors, no English on a Chinese
    page (data kept in another language on purpose is marked with its lang, e.g. lang="en"), no "undefined", no sideways scrolling. A page showing a
    refusal on purpose (`refusal`) shows one error."""
    wait_ready(driver)
    settle(driver)
    text = driver.execute_script("const v = document.getElementById('view').cloneNode(true);"
                                 "v.querySelectorAll('[lang]:not([lang^=zh])').forEach(e => e.remove()); document.body.append(v);"
                                 "const text = v.innerText; v.remove(); return text")
    raw = re.compile(r"\b(?:%s)\.[a-zA-Z_.]+" % "|".join(tuple(keys) + ("menu", "error")))
    case.assertFalse(raw.findall(text), f"{name}: a raw key on the page: {raw.findall(text)[:5]}")
    if chinese:
        case.assertFalse(ENGLISH.findall(text), f"{name}: English on the Chinese page: {ENGLISH.findall(text)[:5]}")
        case.assertNotIn("undefined", text, name)
    shown = driver.execute_script("return [...document.querySelectorAll('#view .error')].filter(e => e.offsetParent && e.textContent.trim()).map(e => e.textContent)")
    case.assertEqual(len(shown), 1 if refusal else 0, f"{name}: {shown}")
    width = driver.execute_script("return window.innerWidth")
    case.assertLessEqual(driver.execute_script("return document.documentElement.scrollWidth"), width, f"{name}: sideways scrolling")
    driver.save_screenshot(str(shots / f"{name}.png"))


DRIVERS = {}


def setUpModule():
    # One browser per size for all the roles (each role signs in anew): starting Chromium is the slow part.
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in WIDTHS:
        DRIVERS[width] = browser(width, height)


def tearDownModule():
    for d in DRIVERS.values():
        d.quit()


class RoleDay(unittest.TestCase):
    role = None        # the demo account
    name = None        # the file name's part

    @classmethod
    def setUpClass(cls):
        cls.drivers = DRIVERS
        for d in cls.drivers.values():
            sign_in(d, cls.role)

    def look(self, d, page, width):
        """The page as its user sees it: drawn, no error shown, Chinese, fitting the phone; then its screenshot."""
        wait_ready(d)
        settle(d)
        # Data kept in English on purpose (a category's English name beside its Chinese one) is marked lang="en".
        text = d.execute_script("const v = document.getElementById('view').cloneNode(true);"
                                "v.querySelectorAll('[lang=en]').forEach(e => e.remove()); document.body.append(v);"
                                "const text = v.innerText; v.remove(); return text")
        self.assertFalse(ENGLISH.findall(text), f"{self.role} {page} at {width}: English on the Chinese page: {ENGLISH.findall(text)[:5]}")
        shown_errors = d.execute_script(
            "return [...document.querySelectorAll('#view .error')].filter(e => e.offsetParent && e.textContent.trim()).map(e => e.textContent)")
        self.assertEqual(shown_errors, [], f"{self.role} {page} at {width}")
        if width < 500:
            self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), width, f"{self.role} {page}: sideways scrolling")
        slug = re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-") or "home"
        d.save_screenshot(str(SHOTS / f"day-{self.name}-{slug}-{width}.png"))

    def open(self, d, hash_):
        d.get(f"{BASE}/console/?at={time.time()}{hash_}")
        wait_ready(d)

    def go(self, d, href):
        """Moves to `href` within the page, as the menu's link does (no reload): the route draws it again."""
        d.execute_script("document.getElementById('view').dataset.ready = 'stale';"
                         "if (location.hash === arguments[0]) route(); else location.hash = arguments[0];", href)
        wait_ready(d)

    def walk_the_menu(self):
        """Every page the role's menu offers, at both sizes, reached from the menu as its user moves: none is a dead
        end."""
        for width, d in self.drivers.items():
            self.open(d, "#/")
            links = d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => a.getAttribute('href'))")
            self.assertTrue(links, f"{self.role} has a menu")
            for href in links:
                self.go(d, href)
                self.look(d, href.lstrip("#/"), width)
        return links

    def first_case(self, params):
        token = {"Authorization": f"Bearer {api_token(self.role)}"}
        items = requests.get(f"{BASE}/api/v1/cases?limit=1&{params}", headers=token).json()["items"]
        return items[0] if items else None

    def case_page(self, case_id):
        for width, d in self.drivers.items():
            self.open(d, f"#/case/{case_id}")
            self.assertIn("处置经过", text_of(d, "view"))
            self.look(d, "case", width)

    def report_by_tap(self, description, category, placed=None):
        """随手报 on the phone: the description, the category searched, the place tapped on the map (no coordinates
        typed), sent; returns the phone on the new case's page."""
        phone = self.drivers[375]
        self.open(phone, "#/report")
        phone.find_element(By.ID, "r-description").send_keys(description)
        pick_category(phone, category)
        tap_place(phone, LON, LAT)
        if placed:
            self.look(phone, placed, 375)
        phone.find_element(By.ID, "r-submit").click()
        WebDriverWait(phone, 20).until(lambda d: "#/case/" in d.current_url)
        wait_ready(phone)
        return phone


class LeaderDay(RoleDay):
    role, name = "leader", "leader"

    def test_day(self):
        links = self.walk_the_menu()
        for page in ["#/screen", "#/kpi", "#/duty"]:
            self.assertIn(page, links)
        # The wall, then down to a district and to a case from the stream.
        d = self.drivers[1920]
        self.open(d, "#/screen?wall=1")
        self.look(d, "wall", 1920)
        district = d.execute_script("const a = document.querySelector('a.down'); return a && a.getAttribute('href')")
        self.assertTrue(district, "the wall links to the districts")
        self.open(d, district)
        self.look(d, "wall-district", 1920)
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".stream li a"))
        d.find_element(By.CSS_SELECTOR, ".stream li a").click()
        WebDriverWait(d, 20).until(lambda d: "#/case/" in d.current_url)
        wait_ready(d)
        self.look(d, "case-from-stream", 1920)


class DutyOfficerDay(RoleDay):
    role, name = "duty.s1", "duty-officer"

    def test_day(self):
        links = self.walk_the_menu()
        self.assertIn("#/desk", links)
        # 挂账: a dispatched case that cannot be solved now is parked from its page with a reason and a review date,
        # then found on the desk's 挂账 queue.
        token = {"Authorization": f"Bearer {api_token('resident4')}"}
        made = requests.post(f"{BASE}/api/v1/cases", headers=token, json={
            "source": "resident", "categoryId": "event:0110", "description": "挂账测试：待旧改统一实施", "location": {"lon": LON, "lat": LAT}})
        self.assertEqual(made.status_code, 201, made.text)
        case_id = made.json()["id"]
        duty = {"Authorization": f"Bearer {api_token(self.role)}"}
        self.assertEqual(requests.post(f"{BASE}/api/v1/cases/{case_id}/actions/accept", headers=duty, json={}).status_code, 200)
        d = self.drivers[1920]
        self.open(d, f"#/case/{case_id}")
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'button[data-action="park"]'))
        d.find_element(By.CSS_SELECTOR, 'button[data-action="park"]').click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "f-reviewOn"))
        d.find_element(By.ID, "f-reason").send_keys("待旧改项目统一实施")
        review = time.strftime("%Y-%m-%d", time.localtime(time.time() + 30 * 86400))
        d.execute_script("document.getElementById('f-reviewOn').value = arguments[0]", review)
        self.look(d, "case-park-form", 1920)
        d.find_element(By.ID, "submit-action").click()
        WebDriverWait(d, 20).until(lambda d: "挂账中" in text_of(d, "case-state"))
        self.assertIn(review, text_of(d, "view"), "the review date as it was given")
        self.look(d, "case-parked", 1920)
        # 待督办 opens in deadline order (the longest overdue first); the order can be switched.
        self.open(d, "#/desk")
        d.execute_script("const s = document.getElementById('queue'); s.value = 'overdue'; s.dispatchEvent(new Event('change'))")
        WebDriverWait(d, 20).until(lambda d: "共" in text_of(d, "desk-count"))
        self.assertEqual(d.find_element(By.ID, "desk-sort").get_attribute("value"), "deadline")
        self.look(d, "desk-overdue-by-deadline", 1920)
        for width, driver in self.drivers.items():
            self.open(driver, "#/desk")
            driver.execute_script("const s = document.getElementById('queue'); s.value = 'parked'; s.dispatchEvent(new Event('change'))")
            WebDriverWait(driver, 20).until(lambda d: "挂账测试" in text_of(d, "view") or "待旧改" in text_of(d, "view")
                                            or d.execute_script(f"return !!document.querySelector('a[href=\"#/case/{case_id}\"]')"))
            self.look(driver, "desk-parked", width)


class HandlerDay(RoleDay):
    name = "handler"

    @classmethod
    def setUpClass(cls):
        # A case of its own, reported by an inspector and accepted by the street, so dispatched to a department whatever
        # the hour the demo city was made at (at dawn in Shanghai the simulated day has hardly a case open); its lead
        # department's handler works it.
        made = requests.post(f"{BASE}/api/v1/cases", headers={"Authorization": f"Bearer {api_token('insp.310101001001')}"}, json={
            "source": "inspector", "categoryId": "event:0110", "description": "处置员一天：待签收的案件", "location": {"lon": LON, "lat": LAT}})
        assert made.status_code == 201, made.text
        duty = {"Authorization": f"Bearer {api_token('duty.s1')}"}
        assert requests.post(f"{BASE}/api/v1/cases/{made.json()['id']}/actions/accept", headers=duty, json={}).status_code == 200
        case = requests.get(f"{BASE}/api/v1/cases/{made.json()['id']}", headers=duty).json()
        departments = {d["id"]: d for d in requests.get(f"{BASE}/api/v1/departments", headers=duty).json()}
        cls.role = "h." + departments[case["leadDepartmentId"]]["code"].lower()
        cls.case_id = case["id"]
        super().setUpClass()

    def test_day(self):
        links = self.walk_the_menu()
        self.assertIn("#/desk", links)
        self.case_page(self.case_id)
        # 签收: the department takes the case on from its page.
        d = self.drivers[1920]
        self.open(d, f"#/case/{self.case_id}")
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'button[data-action="start"]'))
        d.find_element(By.CSS_SELECTOR, 'button[data-action="start"]').click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "submit-action"))
        d.find_element(By.ID, "submit-action").click()
        WebDriverWait(d, 20).until(lambda d: "处置中" in text_of(d, "case-state"))
        self.look(d, "case-started", 1920)


class InspectorDay(RoleDay):
    role, name = "insp.310101001001", "inspector"

    def test_day(self):
        links = self.walk_the_menu()
        self.assertIn("#/report", links)
        # 随手报 on the phone: a tap on the map, no coordinates typed; the new case's page follows.
        phone = self.report_by_tap("巡查发现：路面塌陷约一米见方", "路面塌陷", placed="report-placed")
        self.assertIn("路面塌陷约一米见方", text_of(phone, "view"))
        self.assertIn("路面塌陷", phone.find_element(By.CSS_SELECTOR, "#view h1").text, "the category searched is the case's")
        self.look(phone, "case-reported", 375)


class ResidentDay(RoleDay):
    role, name = "resident5", "resident"

    def test_day(self):
        links = self.walk_the_menu()
        self.assertEqual(set(links), {"#/report", "#/mine", "#/consultations", "#/volunteers", "#/services", "#/whistle"},
                         "a resident reports, follows their own reports, reads the 三会 notices, may volunteer, asks for community affairs and may blow the whistle")
        # The common problems in plain words: a search narrows them, and a word none has opens the full list.
        phone = self.drivers[375]
        self.open(phone, "#/report")
        tiles = phone.find_elements(By.CSS_SELECTOR, "#r-quick button.quick")
        self.assertGreaterEqual(len(tiles), 10)
        self.assertTrue(all(t.find_elements(By.TAG_NAME, "svg") for t in tiles), "each with its icon")
        self.look(phone, "report-common-problems", 375)
        phone.find_element(By.ID, "r-quick-search").send_keys("噪音")
        self.assertEqual([t.text for t in tiles if t.is_displayed()], ["噪音扰民"])
        phone.find_element(By.ID, "r-quick-search").clear()
        phone.find_element(By.ID, "r-quick-search").send_keys("油烟")
        WebDriverWait(phone, 10).until(lambda d: d.find_element(By.ID, "r-more").get_attribute("open") is not None)
        self.assertEqual(phone.find_element(By.ID, "r-category").get_attribute("value"), "event:0106", "油烟污染, found in the full list")
        self.look(phone, "report-search-all", 375)
        phone = self.report_by_tap("小区门口路灯不亮", "路灯")
        self.assertIn("路灯", phone.find_element(By.CSS_SELECTOR, "#view h1").text)
        self.look(phone, "case-mine", 375)
        self.open(phone, "#/mine")
        self.assertIn("小区门口路灯不亮", text_of(phone, "view"))
        self.look(phone, "mine-after-report", 375)


class StationChiefDay(RoleDay):
    role, name = "chief.310101001001", "station-chief"

    def test_day(self):
        links = self.walk_the_menu()
        self.assertIn("#/station", links)


class AdminDay(RoleDay):
    role, name = "admin", "admin"

    def test_day(self):
        links = self.walk_the_menu()
        self.assertIn("#/admin", links)
        for width, d in self.drivers.items():
            for tab in ["org", "users", "taxonomy", "rules", "calendar", "roster", "grids"]:
                self.open(d, f"#/admin?tab={tab}")
                self.look(d, f"admin-{tab}", width)


class AuditorDay(RoleDay):
    role, name = "auditor", "auditor"

    def test_day(self):
        links = self.walk_the_menu()
        self.assertIn("#/audit", links)


if __name__ == "__main__":
    unittest.main()
