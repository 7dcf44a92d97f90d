"""Drives the web console in Debian's headless Chromium (chromedriver from chromium-driver) against the real server:
sign in as each kind of user, the big screen at 1920x1080 with its live stream, the work desk, the resident's page at
375 px, the language switch. Screenshots go to .build/screenshots/ (see the README) for a person to look at.

Environment: CHENGYUN_URL, CHENGYUN_OPEN311_KEY is not needed here; CHENGYUN_POINT ("lon,lat" inside the city).
"""
import os
import pathlib
import time
import unittest

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.support.ui import WebDriverWait as _Wait

BASE = os.environ.get("CHENGYUN_URL", "http://127.0.0.1:18080").rstrip("/")
LON, LAT = (float(x) for x in os.environ.get("CHENGYUN_POINT", "121.400525,31.15045").split(","))
SHOTS = pathlib.Path(__file__).resolve().parent.parent.parent / ".build" / "screenshots"
PASSWORD = "chengyun-demo"


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=zh-CN"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    # The viewport itself at the target size (a headless window's size includes its frame).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
    return driver


def forget_session(driver):
    """Opens the login page with no session left from the last user: its HttpOnly cookie (which only the browser,
    not the page, can drop) and anything in localStorage."""
    driver.get(f"{BASE}/console/?at={time.time()}#/login")
    driver.delete_all_cookies()
    driver.execute_script("localStorage.clear()")
    driver.get(f"{BASE}/console/?at={time.time()}#/login")


def sign_in(driver, username):
    # A new document each time (the query changes), with no session left from the last user.
    forget_session(driver)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "username"))
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "signin").click()
    WebDriverWait(driver, 20).until(lambda d: "#/login" not in d.current_url)
    wait_ready(driver)


def WebDriverWait(driver, timeout):
    """Waits that retry when the page re-renders under them (the console replaces whole panels), looking every 50 ms
    (selenium's default half second, over the suite's thousands of waits, was minutes of a browser doing nothing)."""
    return _Wait(driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,))


def text_of(driver, element_id):
    """The text of an element read in one step in the page: no stale references while the page re-renders."""
    return driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.innerText : ''", element_id)


def wait_ready(driver, timeout=30):
    """Waits until the page is ready; a page the console marked failed (data-failed: why) fails the test with its
    reason at once, and a timeout says what the page showed."""
    def state(d):
        view = d.find_element(By.ID, "view")
        failed = view.get_attribute("data-failed")
        if failed:
            raise AssertionError(f"page {d.current_url} failed: {failed}")
        return view.get_attribute("data-ready") == "true"
    try:
        WebDriverWait(driver, timeout).until(state)
    except TimeoutException:
        shown = driver.execute_script("const v = document.getElementById('view'); return v ? v.innerText.slice(0, 300) : ''")
        waiting = driver.execute_script("return typeof pendingSummary === 'function' ? pendingSummary() : []")
        raise AssertionError(f"page {driver.current_url} not ready after {timeout} s; it shows: {shown!r}; "
                             f"requests under way: {waiting or 'none'}") from None


def tap_place(driver, lon, lat, map_id="r-map"):
    """Taps a map (the report's by default) where (lon, lat) is, as a person would: no typed coordinates."""
    from selenium.webdriver.common.action_chains import ActionChains
    box = driver.find_element(By.ID, map_id)
    x, y, w, h = driver.execute_script(
        "const m = document.getElementById(arguments[0]); const p = m.leafletMap.latLngToContainerPoint([arguments[2], arguments[1]]);"
        "return [p.x, p.y, m.clientWidth, m.clientHeight]", map_id, lon, lat)
    ActionChains(driver).move_to_element_with_offset(box, int(x - w / 2), int(y - h / 2)).click().perform()
    if map_id == "r-map":
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "r-lon").get_attribute("value"))


def pick_category(driver, words):
    """Chooses a category as its user would: a resident taps the plain-word tile the words are on (随手报's common
    problems); staff type the words into the full list's search, which chooses the first match."""
    tiles = driver.find_elements(By.CSS_SELECTOR, "#r-quick button.quick")
    if tiles:
        tile = next(t for t in tiles if words.lower() in t.get_attribute("data-words"))
        tile.click()
        assert tile.get_attribute("aria-pressed") == "true"
    else:
        driver.find_element(By.ID, "r-category-search").send_keys(words)


def api_token(username):
    reply = requests.post(f"{BASE}/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    reply.raise_for_status()
    return reply.json()["token"]


class ConsoleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SHOTS.mkdir(parents=True, exist_ok=True)
        cls.wall = browser(1920, 1080)

    @classmethod
    def tearDownClass(cls):
        cls.wall.quit()

    def test_big_screen_with_live_stream(self):
        d = self.wall
        sign_in(d, "leader")
        self.assertTrue(d.current_url.endswith("#/screen"), d.current_url)
        # The whole city's view counts its cases per area in bubbles (this city of 80 grids is smaller than a real street,
        # so per grid); the map asks again for what a zoomed view shows.
        view = d.find_element(By.ID, "view")
        self.assertIn(view.get_attribute("data-level"), ["street", "grid"])
        self.assertGreater(int(view.get_attribute("data-bubbles")), 0)
        self.assertGreater(int(view.get_attribute("data-cases")), 0)
        self.assertEqual(d.find_element(By.TAG_NAME, "html").get_attribute("lang"), "zh-CN")
        self.assertIn("今日新增", text_of(d, "view"))
        before = int(text_of(d, "tile-today"))
        # A resident reports; the big screen hears of it over the live stream, with no reload.
        token = api_token("resident1")
        created = requests.post(f"{BASE}/api/v1/cases", headers={"Authorization": f"Bearer {token}"},
                                json={"source": "resident", "categoryId": "event:0110", "description": "大屏实时推送测试", "location": {"lon": LON, "lat": LAT}})
        self.assertEqual(created.status_code, 201, created.text)
        number = created.json()["number"]
        WebDriverWait(d, 20).until(lambda d: number in text_of(d, "stream"))
        # The tiles follow the stream too: today's count goes up with no reload.
        WebDriverWait(d, 20).until(lambda d: text_of(d, "tile-today") == str(before + 1))
        d.save_screenshot(str(SHOTS / "big-screen-1920x1080.png"))
        d.refresh()
        wait_ready(d)
        self.assertEqual(int(text_of(d, "tile-today")), before + 1)
        # The language switch turns every string English.
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: "New today" in text_of(d, "view"))
        self.assertEqual(d.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: "今日新增" in text_of(d, "view"))

    def test_wall_mode(self):
        """大屏模式: no web top bar, a title bar (area, date, duty, mode), big red overdue, rankings with their case
        counts, hotspots that open a case; leaving it brings the top bar back."""
        d = self.wall
        sign_in(d, "leader")
        d.get(f"{BASE}/console/?at={time.time()}#/screen?wall=1")
        wait_ready(d)
        self.assertFalse(d.find_element(By.CSS_SELECTOR, "header.top").is_displayed())
        title = text_of(d, "wall-title")
        self.assertIn("城市运行管理中心", title)
        self.assertIn("常态管理", title)
        self.assertIn("星期", title)
        self.assertIn("件", text_of(d, "ranking"))
        size = d.execute_script("return parseFloat(getComputedStyle(document.getElementById('tile-today')).fontSize)")
        self.assertGreaterEqual(size, 44, "numbers read from across a room (30 px before the wall mode)")
        if int(text_of(d, "tile-overdue") or 0) > 0:
            self.assertIn("bad", d.find_element(By.ID, "tile-overdue").get_attribute("class"))
        d.save_screenshot(str(SHOTS / "big-screen-wall-1920x1080.png"))
        links = d.find_elements(By.CSS_SELECTOR, "#hot-list a")
        if links:
            links[0].click()
            WebDriverWait(d, 20).until(lambda d: "#/case/" in d.current_url)
            wait_ready(d)
            self.assertTrue(d.find_element(By.CSS_SELECTOR, "header.top").is_displayed(), "the case page has the top bar")

    def test_nothing_comes_from_outside_and_the_keyboard_reaches_everything(self):
        from selenium.webdriver.common.keys import Keys
        d = self.wall
        forget_session(d)
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "username"))
        # Sign in with the keyboard alone: the focus starts in the username field.
        d.switch_to.active_element.send_keys("leader", Keys.TAB, PASSWORD, Keys.ENTER)
        WebDriverWait(d, 20).until(lambda d: d.current_url.endswith("#/screen"))
        wait_ready(d)
        # Every script, style, font and data request went to our own server: the console needs no internet.
        foreign = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))")
        self.assertEqual(foreign, [])
        # Tab reaches a drill-down link; Enter drills into that district, re-scoping the page.
        for _ in range(40):
            d.switch_to.active_element.send_keys(Keys.TAB)
            if d.execute_script("return document.activeElement.classList.contains('down')"):
                break
        else:
            self.fail("no drill-down link reached with Tab")
        name = d.switch_to.active_element.text
        d.switch_to.active_element.send_keys(Keys.ENTER)
        WebDriverWait(d, 20).until(lambda d: "#/screen?node=" in d.current_url)
        wait_ready(d)
        self.assertIn(name, d.execute_script("return document.querySelector('.crumbs strong').innerText"))

    def test_kpi_page(self):
        d = self.wall
        sign_in(d, "leader")
        d.get(f"{BASE}/console/?at={time.time()}#/kpi")
        wait_ready(d)
        self.assertIn("派遣准确率", text_of(d, "view"))
        self.assertTrue(d.find_elements(By.ID, "k-export"))
        d.save_screenshot(str(SHOTS / "kpi-1920x1080.png"))

    def test_duty_page_records_a_handover(self):
        d = self.wall
        sign_in(d, "duty.s1")
        d.get(f"{BASE}/console/?at={time.time()}#/duty")
        wait_ready(d)
        self.assertIn("值班员", text_of(d, "duty-now"))
        d.find_element(By.ID, "h-note").send_keys("白班平稳，浏览器交接测试")
        d.find_element(By.ID, "h-items").send_keys("大屏信号不稳；周三检查")
        d.find_element(By.ID, "h-submit").click()
        WebDriverWait(d, 20).until(lambda d: "浏览器交接测试" in text_of(d, "handovers"))
        d.save_screenshot(str(SHOTS / "duty-1920x1080.png"))

    def test_each_role_lands_on_its_home(self):
        d = self.wall
        # Every role: its home, and a menu of only what it may do.
        for username, home, shown, hidden in [
                ("leader", "#/screen", ["城运大屏", "考核评价", "110联动"], ["系统管理"]),
                ("duty.s1", "#/screen", ["城运大屏", "值班值守", "110联动"], ["系统管理"]),
                ("admin", "#/screen", ["系统管理", "城运大屏"], []),
                ("h.d001", "#/desk", ["工作台"], ["城运大屏", "系统管理", "站点工作台"]),
                ("insp.310101001001", "#/desk", ["工作台", "随手报"], ["城运大屏", "系统管理"]),
                ("cw.310101001001", "#/desk", ["工作台", "站点工作台"], ["城运大屏", "系统管理"]),
                ("chief.310101001001", "#/station", ["站点工作台"], ["城运大屏", "系统管理"]),
                ("resident1", "#/mine", ["随手报", "我的上报"], ["城运大屏", "工作台", "系统管理"])]:
            sign_in(d, username)
            self.assertTrue(d.current_url.endswith(home), f"{username}: {d.current_url}")
            menu = text_of(d, "menu")
            for item in shown:
                self.assertIn(item, menu, f"{username} sees {item}")
            for item in hidden:
                self.assertNotIn(item, menu, f"{username} does not see {item}")

    def test_a_page_that_cannot_be_shown_says_so(self):
        """An address that is no page says so in the user's language and marks the page failed: whoever waits for it
        (these tests) learns why at once instead of waiting for a page that will never be ready."""
        d = self.wall
        sign_in(d, "resident1")
        d.get(f"{BASE}/console/?at={time.time()}#/no-such-page")
        with self.assertRaisesRegex(AssertionError, "no-such-page failed: not found"):
            wait_ready(d, 10)
        self.assertIn("页面不存在", text_of(d, "view"))

    def test_work_desk(self):
        d = self.wall
        sign_in(d, "insp.310101001001")
        links = d.find_elements(By.CSS_SELECTOR, "#view tbody tr a")
        d.save_screenshot(str(SHOTS / "work-desk-1920x1080.png"))
        if links:
            links[0].click()
            wait_ready(d)
            self.assertIn("处置经过", text_of(d, "view"))

    def test_duty_officers_inbox(self):
        """The street's duty officer opens the desk on 待受理 with the reports waiting in their street; the other queues
        of a centre are there (待派遣, 被升级, 待督办, 待结案); a report accepted there leaves the queue."""
        d = self.wall
        # A report waiting in the street, whatever ran before.
        made = requests.post(f"{BASE}/api/v1/cases", headers={"Authorization": f"Bearer {api_token('resident3')}"},
                             json={"source": "resident", "categoryId": "event:0110", "description": "待受理测试", "location": {"lon": LON, "lat": LAT}})
        self.assertEqual(made.status_code, 201, made.text)
        sign_in(d, "duty.s1")
        d.get(f"{BASE}/console/?at={time.time()}#/desk")
        wait_ready(d)
        options = d.execute_script("return [...document.querySelectorAll('#queue option')].map(o => o.textContent)")
        for queue in ["待受理", "待派遣", "被升级", "待督办（超期）", "待结案"]:
            self.assertIn(queue, options)
        self.assertEqual(options[0], "待受理")
        token = {"Authorization": f"Bearer {api_token('duty.s1')}"}
        waiting = requests.get(f"{BASE}/api/v1/cases?state=reported&limit=1", headers=token).json()["total"]
        self.assertGreater(waiting, 0, "the demo city has reports waiting")
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#desk-table tbody tr"))
        self.assertIn(f"共 {waiting} 件", text_of(d, "desk-count"))
        d.save_screenshot(str(SHOTS / "desk-duty-inbox-1920x1080.png"))
        for queue in ["accepted", "escalated", "overdue", "verified"]:
            d.execute_script("const s = document.getElementById('queue'); s.value = arguments[0]; s.dispatchEvent(new Event('change'))", queue)
            WebDriverWait(d, 20).until(lambda d: "共" in text_of(d, "desk-count"))
        self.assertNotIn("error", d.execute_script("return document.querySelector('#view .error') ? 'error' : ''"))

    def test_phone_page(self):
        phone = browser(375, 812)
        try:
            sign_in(phone, "resident1")
            width = phone.execute_script("return document.documentElement.scrollWidth")
            self.assertLessEqual(width, 375, "no sideways scrolling on a phone")
            phone.save_screenshot(str(SHOTS / "mobile-mine-375.png"))
            # 随手报 on the phone: category, description, a tap on the map for the place, send.
            phone.get(f"{BASE}/console/?at={time.time()}#/report")
            wait_ready(phone)
            phone.find_element(By.ID, "r-description").send_keys("手机上报：路灯不亮")
            pick_category(phone, "路灯")
            tap_place(phone, LON, LAT)
            self.assertLessEqual(phone.execute_script("return document.documentElement.scrollWidth"), 375)
            phone.save_screenshot(str(SHOTS / "mobile-report-375.png"))
            phone.find_element(By.ID, "r-submit").click()
            WebDriverWait(phone, 20).until(lambda d: "#/case/" in d.current_url)
            wait_ready(phone)
            self.assertIn("手机上报：路灯不亮", text_of(phone, "view"))
        finally:
            phone.quit()


class RetriedReportTest(unittest.TestCase):
    """A photo refused before anything is stored, then a retry with a good photo: one case, the error in Chinese."""

    def test_a_refused_photo_then_a_retry_makes_one_case(self):
        fake = SHOTS / "not-a-photo.jpg"
        good = SHOTS / "after.png"
        SHOTS.mkdir(parents=True, exist_ok=True)
        fake.write_bytes("这不是照片".encode())
        good.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                       "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"))
        mine = {"Authorization": f"Bearer {api_token('resident2')}"}
        before = requests.get(f"{BASE}/api/v1/cases?mine=true&limit=1", headers=mine).json()["total"]
        phone = browser(375, 812)
        try:
            sign_in(phone, "resident2")
            phone.get(f"{BASE}/console/?at={time.time()}#/report")
            wait_ready(phone)
            phone.find_element(By.ID, "r-description").send_keys("重试测试：路面塌陷")
            pick_category(phone, "井盖")
            tap_place(phone, LON, LAT)
            phone.find_element(By.ID, "r-photo").send_keys(str(fake))
            phone.find_element(By.ID, "r-submit").click()
            WebDriverWait(phone, 20).until(lambda d: text_of(d, "err-photo"))
            self.assertIn("JPEG", text_of(phone, "err-photo"))
            self.assertIn("照片", text_of(phone, "err-photo"))
            self.assertIn("#/report", phone.current_url)
            phone.save_screenshot(str(SHOTS / "mobile-report-photo-refused-375.png"))
            self.assertEqual(requests.get(f"{BASE}/api/v1/cases?mine=true&limit=1", headers=mine).json()["total"], before, "nothing stored")
            phone.find_element(By.ID, "r-photo").send_keys(str(good))
            phone.find_element(By.ID, "r-submit").click()
            WebDriverWait(phone, 20).until(lambda d: "#/case/" in d.current_url)
            wait_ready(phone)
            self.assertEqual(len(phone.find_elements(By.CSS_SELECTOR, "#photos img")), 1)
            self.assertEqual(requests.get(f"{BASE}/api/v1/cases?mine=true&limit=1", headers=mine).json()["total"], before + 1, "one case")
        finally:
            phone.quit()


class CaseLoopInBrowserTest(unittest.TestCase):
    """The loop walked in the browser: a resident reports on the phone page; the street's duty officer accepts and
    dispatches it to a department chosen on the case page; the department handles it with a photo; the inspector
    verifies; the duty officer closes; the big screen's count of cases closed today goes up; the resident rates."""

    def act(self, d, action, fill=None):
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'button[data-action="{action}"]'))
        d.find_element(By.CSS_SELECTOR, f'button[data-action="{action}"]').click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "submit-action"))
        if fill:
            fill(d)
        # Mark the page, submit, and wait for the case page drawn anew (the old history carries the mark).
        d.execute_script("const h = document.getElementById('history'); if (h) h.dataset.old = '1'")
        d.find_element(By.ID, "submit-action").click()
        WebDriverWait(d, 20).until(lambda d: d.execute_script(
            "const h = document.getElementById('history'); return !!h && !h.dataset.old && document.getElementById('view').dataset.ready === 'true'"))

    def test_whole_loop_from_the_phone_to_the_big_screen(self):
        from selenium.webdriver.support.ui import Select
        photo = SHOTS / "after.png"
        photo.parent.mkdir(parents=True, exist_ok=True)
        photo.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                        "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"))
        # 1. The resident reports on a phone.
        phone = browser(375, 812)
        try:
            sign_in(phone, "resident1")
            phone.get(f"{BASE}/console/?at={time.time()}#/report")
            wait_ready(phone)
            phone.find_element(By.ID, "r-description").send_keys("浏览器闭环测试：井盖缺失")
            pick_category(phone, "井盖")
            tap_place(phone, LON, LAT)
            phone.find_element(By.ID, "r-photo").send_keys(str(photo))
            phone.find_element(By.ID, "r-submit").click()
            WebDriverWait(phone, 20).until(lambda d: "#/case/" in d.current_url)
            case_id = int(phone.current_url.split("#/case/")[1])
            wait_ready(phone)
        finally:
            phone.quit()
        leader = {"Authorization": f"Bearer {api_token('leader')}"}
        departments = requests.get(f"{BASE}/api/v1/departments", headers=leader).json()
        city = requests.get(f"{BASE}/api/v1/org/nodes?kind=city", headers=leader).json()[0]["id"]
        # The leader's wall stays open on the big screen through the whole loop.
        wall = browser(1920, 1080)
        d = browser(1920, 1080)
        try:
            def open_case(user):
                sign_in(d, user)
                d.get(f"{BASE}/console/?at={time.time()}#/case/{case_id}")
                wait_ready(d)
            sign_in(wall, "leader")
            closed_before = int(text_of(wall, "tile-closed"))
            # 2. The street's duty officer accepts it, then dispatches it to a department chosen on the page.
            open_case("duty.s1")
            self.act(d, "accept")
            ruled = requests.get(f"{BASE}/api/v1/cases/{case_id}", headers=leader).json()["leadDepartmentId"]
            chosen = next(x for x in departments if x["nodeId"] == city and x["id"] != ruled)
            self.act(d, "dispatch", lambda d: (Select(d.find_element(By.ID, "f-lead")).select_by_value(str(chosen["id"])),
                                               d.find_element(By.ID, "f-note").send_keys("改派至" + chosen["name"])))
            self.assertIn("已派遣", text_of(d, "case-state"))
            self.assertIn(chosen["name"], text_of(d, "view"))
            # 3. The department starts and reports back with a photo.
            open_case("h." + chosen["code"].lower())
            self.act(d, "start")
            d.save_screenshot(str(SHOTS / "case-page-1920x1080.png"))
            def report_back(d):
                d.find_element(By.ID, "f-note").send_keys("已清理完毕")
                d.find_element(By.ID, "f-photo").send_keys(str(photo))
            self.act(d, "reportBack", report_back)
            self.assertIn("照片 1 张", text_of(d, "history"))
            self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#photos img")), 2, "the resident's and the department's photos are shown")
            # Each photo says which step brought it; the page confirms the action; the case says where it lies.
            photos = text_of(d, "photos")
            self.assertIn("上报照片", photos)
            self.assertIn("处置后照片", photos)
            self.assertIn("已完成「处置反馈」", text_of(d, "case-flash"))
            self.assertIn("街道", text_of(d, "view"))
            # 4. The inspector verifies; 5. the duty officer closes.
            open_case("insp.310101001001")
            self.act(d, "verify")
            open_case("duty.s1")
            self.act(d, "close")
            self.assertIn("已结案", text_of(d, "case-state"))
            # 6. The wall counts it among today's closed cases, pushed by the server with no reload.
            WebDriverWait(wall, 20).until(lambda w: text_of(w, "tile-closed") == str(closed_before + 1))
            # 7. The resident rates it.
            open_case("resident1")
            self.act(d, "rate")
            self.assertIn("已评价", text_of(d, "case-state"))
        finally:
            d.quit()
            wall.quit()


class StationInBrowserTest(unittest.TestCase):
    """The station chief records a self-handled case with before and after photos, and blows the whistle on another."""

    def test_self_handling_and_call_in(self):
        from selenium.webdriver.support.ui import Select
        photo = SHOTS / "after.png"
        photo.parent.mkdir(parents=True, exist_ok=True)
        photo.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                        "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"))
        d = browser(1920, 1080)
        try:
            sign_in(d, "chief.310101001001")
            self.assertTrue(d.current_url.endswith("#/station"), d.current_url)
            d.find_element(By.ID, "s-category-search").send_keys("堆物")
            d.find_element(By.ID, "s-description").send_keys("楼道堆物已清理")
            d.find_element(By.ID, "s-before").send_keys(str(photo))
            d.find_element(By.ID, "s-after").send_keys(str(photo))
            d.find_element(By.ID, "s-submit").click()
            WebDriverWait(d, 20).until(lambda d: "#/case/" in d.current_url)
            wait_ready(d)
            self.assertIn("已结案", text_of(d, "case-state"))
            self.assertIn("自处置结案", text_of(d, "history"))
            d.save_screenshot(str(SHOTS / "station-self-handled-1920x1080.png"))
            # A problem beyond the station's means: record it without an after photo, then call in a department.
            sign_in(d, "chief.310101001001")
            d.find_element(By.ID, "s-category-search").send_keys("乱建")
            d.find_element(By.ID, "s-description").send_keys("违法搭建，需城管协助")
            d.find_element(By.ID, "s-submit").click()
            WebDriverWait(d, 20).until(lambda d: "#/case/" in d.current_url)
            wait_ready(d)
            self.assertIn("处置中", text_of(d, "case-state"))
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'button[data-action="callIn"]'))
            d.find_element(By.CSS_SELECTOR, 'button[data-action="callIn"]').click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "f-departments"))
            # A tick per department serving the case's area (no Ctrl-click); the first city department is called in.
            ticks = d.find_elements(By.CSS_SELECTOR, "#f-departments label.choice")
            self.assertGreater(len(ticks), 1)
            city_department = next(t for t in ticks if t.text.strip().startswith("市"))
            name = city_department.text.strip()
            city_department.find_element(By.TAG_NAME, "input").click()
            d.find_element(By.ID, "f-reason").send_keys("超出居委处置能力")
            d.find_element(By.ID, "f-hours").send_keys("24")
            d.find_element(By.ID, "submit-action").click()
            WebDriverWait(d, 20).until(lambda d: "吹哨约请" in text_of(d, "history"))
            # The case page lists who was called in, why, by when and their answer.
            wait_ready(d)
            called = text_of(d, "call-ins")
            self.assertIn(name, called)
            self.assertIn("超出居委处置能力", called)
            self.assertIn("待反馈", called)
            d.save_screenshot(str(SHOTS / "station-call-in-1920x1080.png"))
            # The department called in is no longer offered for a second call-in.
            d.find_element(By.CSS_SELECTOR, 'button[data-action="callIn"]').click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "f-departments"))
            self.assertNotIn(name, text_of(d, "f-departments"))
        finally:
            d.quit()


if __name__ == "__main__":
    unittest.main(verbosity=2)
