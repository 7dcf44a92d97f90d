"""城市体征 — the city's vital signs in headless Chromium against the real server: the leader reads the five dimensions
of the city, drills down to a district, a street and a committee by the links under the breadcrumbs, opens an
indicator's trend and writes the day's situation note (研判), which is listed after a reload; a community worker reads
the committee's signs and may not write (no form; the server's 403 comes out in Chinese); the health-check report
(体检报告) with its table, its KPIs and its print button (and print styles that leave the top bar out); the big
screen's panel of the dimensions, following the drill-down; the station desk's 明体征 panel, the indicators out of
normal first. Every page Chinese with no English on it, no error shown and no sideways scrolling on a phone; the
English page names the indicators in English.

Screenshots go to CHENGYUN_SIGNS_SHOTS (default /tmp/signs-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import re
import time
import unittest

import requests
from selenium.webdriver.common.by import By

from test_console import BASE, WebDriverWait, api_token, browser, sign_in, text_of, wait_ready
from test_console_days import ENGLISH

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_SIGNS_SHOTS", "/tmp/signs-shots"))
DIMENSIONS = ["dynamics", "environment", "traffic", "supply", "infrastructure"]
DIMENSION_NAMES = ["城市动态", "城市环境", "城市交通", "城市保障供应", "城市基础设施"]


def auth(user):
    return {"Authorization": f"Bearer {api_token(user)}"}


def board(user, node=None):
    reply = requests.get(f"{BASE}/api/v1/vital-signs" + (f"?nodeId={node}" if node else ""), headers=auth(user))
    reply.raise_for_status()
    return reply.json()


def committee_path():
    """The city's first district, its first street and that street's first committee, as the board lists them."""
    city = board("leader")
    district = city["children"][0]
    street = board("leader", district["id"])["children"][0]
    committee = board("leader", street["id"])["children"][0]
    return district, street, committee


class SignsPages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SHOTS.mkdir(parents=True, exist_ok=True)
        cls.wide = browser(1920, 1080)
        cls.phone = browser(375, 800)
        cls.district, cls.street, cls.committee = committee_path()

    @classmethod
    def tearDownClass(cls):
        cls.wide.quit()
        cls.phone.quit()

    def open(self, d, hash_):
        d.get(f"{BASE}/console/?at={time.time()}{hash_}")
        wait_ready(d)

    def look(self, d, name, chinese=True):
        """Drawn, no error shown, no untranslated key, Chinese on a Chinese page, no sideways scrolling; a screenshot."""
        wait_ready(d)
        time.sleep(0.4)   # charts finish drawing
        text = d.execute_script("return document.getElementById('view').innerText")
        self.assertFalse(re.findall(r"\bsigns\.[a-zA-Z.]+", text), f"{name}: a raw key on the page")
        if chinese:
            self.assertFalse(ENGLISH.findall(text), f"{name}: English on the Chinese page: {ENGLISH.findall(text)[:5]}")
        shown = d.execute_script("return [...document.querySelectorAll('#view .error')].filter(e => e.offsetParent && e.textContent.trim()).map(e => e.textContent)")
        self.assertEqual(shown, [], name)
        width = d.execute_script("return window.innerWidth")
        self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), width, f"{name}: sideways scrolling")
        d.save_screenshot(str(SHOTS / f"{name}.png"))

    def heading(self, d):
        return d.find_element(By.CSS_SELECTOR, "#view h1").text

    def drill(self, d, node):
        link = d.find_element(By.CSS_SELECTOR, f'#signs-children a.sign-down[data-node="{node["id"]}"]')
        self.assertEqual(link.text, node["name"])
        link.click()
        WebDriverWait(d, 20).until(lambda d: d.current_url.endswith(f"#/signs?node={node['id']}"))
        wait_ready(d)
        WebDriverWait(d, 20).until(lambda d: node["name"] in self.heading(d))
        self.assertEqual(d.find_element(By.CSS_SELECTOR, '.signs-crumbs [aria-current="page"]').text, node["name"])

    def test_leader_reads_drills_down_charts_and_writes_a_note(self):
        d = self.wide
        sign_in(d, "leader")
        self.assertIn("#/signs", d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => a.getAttribute('href'))"))
        self.open(d, "#/signs")
        city = board("leader")
        self.assertIn(city["node"]["name"], self.heading(d))
        sections = d.find_elements(By.CSS_SELECTOR, "section.signs-dimension")
        self.assertEqual([s.get_attribute("data-dimension") for s in sections], DIMENSIONS)
        self.assertEqual([s.find_element(By.TAG_NAME, "h2").text for s in sections], DIMENSION_NAMES)
        # Each section's chips say what the server counted.
        for section, dimension in zip(sections, city["dimensions"]):
            chips = {c.get_attribute("data-state"): int(c.find_element(By.TAG_NAME, "b").text)
                     for c in section.find_elements(By.CSS_SELECTOR, ".signs-dim-head .sign-chip")}
            self.assertEqual(chips, dimension["states"], dimension["dimension"])
        values = [v.text for v in d.find_elements(By.CSS_SELECTOR, ".sign-card button.sign-main .sign-value")]
        self.assertTrue(values and all(re.search(r"\d", v) for v in values), values)
        fed = sum(1 for dim in city["dimensions"] for f in dim["figures"] if not f["sign"].get("parent") and f["state"] != "noSource")
        self.assertEqual(len(values), fed, "one card with a value a fed first-level indicator")
        self.look(d, "signs-zh-1920x1080")
        # 未接入: folded, with as many as the server counts, opened on a click.
        unfed = d.find_element(By.CSS_SELECTOR, "#signs-dim-traffic details.signs-unfed")
        self.assertIn(f"未接入（{city['dimensions'][2]['states']['noSource']}）", unfed.text)
        self.assertFalse(unfed.find_element(By.CSS_SELECTOR, "li").is_displayed())
        unfed.find_element(By.TAG_NAME, "summary").click()
        self.assertEqual(len([li for li in unfed.find_elements(By.CSS_SELECTOR, "li") if li.is_displayed()]), city["dimensions"][2]["states"]["noSource"])

        # Down to a district, a street and a committee by the links of the areas below.
        for node in [self.district, self.street, self.committee]:
            self.drill(d, node)
        self.assertFalse(d.find_elements(By.CSS_SELECTOR, "#signs-children a"), "committees are the lowest level")
        self.assertEqual([a.text for a in d.find_elements(By.CSS_SELECTOR, ".signs-crumbs a")],
                         [city["node"]["name"], self.district["name"], self.street["name"]], "each level above a link back up")

        # An indicator's trend: a line chart of its series.
        first = d.find_element(By.CSS_SELECTOR, ".sign-card button.sign-main")
        code = first.get_attribute("data-code")
        first.click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, "view").get_attribute("data-chart") == code)
        canvas = d.find_element(By.CSS_SELECTOR, "#signs-detail canvas#signs-chart")
        self.assertGreater(canvas.size["height"], 100)
        self.assertTrue(d.execute_script("return !!Chart.getChart(arguments[0])", canvas), "Chart.js drew on it")
        series = requests.get(f"{BASE}/api/v1/vital-signs/{code}/series?nodeId={self.committee['id']}", headers=auth("leader")).json()
        self.assertEqual(d.execute_script("return Chart.getChart(arguments[0]).data.labels.length", canvas), len(series["points"]))
        self.assertIn(code, text_of(d, "signs-detail"))
        # A second-level one too.
        sub = d.find_element(By.CSS_SELECTOR, "button.sign-sub")
        sub_code = sub.get_attribute("data-code")
        sub.click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, "view").get_attribute("data-chart") == sub_code)
        self.look(d, "signs-committee-chart-zh-1920x1080")

        # 研判: today's note written, then listed after a reload.
        words = f"居委今日运行平稳，热线按时办结率偏低，已督促。{int(time.time())}"
        box = d.find_element(By.ID, "signs-note")
        box.clear()
        box.send_keys(words)
        d.find_element(By.ID, "signs-save").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "signs-note-status") == "研判已保存")
        self.open(d, f"#/signs?node={self.committee['id']}")
        self.assertIn(words, text_of(d, "signs-notes"))
        self.assertEqual(d.find_element(By.ID, "signs-note").get_attribute("value"), words, "today's note, ready to rewrite")
        notes = requests.get(f"{BASE}/api/v1/vital-signs/notes?nodeId={self.committee['id']}&days=14", headers=auth("leader")).json()
        self.assertEqual(notes[0]["text"], words)
        self.look(d, "signs-committee-note-zh-1920x1080")

    def test_community_worker_reads_but_does_not_write(self):
        d = self.wide
        user = f"cw.{self.committee['code']}"
        sign_in(d, user)
        self.assertIn("#/signs", d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => a.getAttribute('href'))"))
        self.open(d, "#/signs")
        self.assertIn(self.committee["name"], self.heading(d), "the worker's own committee")
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "section.signs-dimension")), 5)
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, ".sign-card button.sign-main .sign-value"))
        self.assertFalse(d.find_elements(By.ID, "signs-note"), "no form to write a note")
        self.assertIn("您可以查看", text_of(d, "signs-read-only"))
        # The areas above lie outside the worker's: named, not links.
        self.assertFalse(d.find_elements(By.CSS_SELECTOR, ".signs-crumbs a"))
        # The server refuses a note from a community worker, and the console says so in Chinese.
        refused = requests.put(f"{BASE}/api/v1/vital-signs/notes", headers=auth(user), json={"nodeId": self.committee["id"], "text": "社工试写"})
        self.assertEqual(refused.status_code, 403)
        said = d.execute_async_script("const done = arguments[arguments.length - 1];"
                                      "api('/api/v1/vital-signs/notes', { method: 'PUT', json: { nodeId: arguments[0], text: '社工试写' } })"
                                      ".then(() => done('saved'), e => done(e.message))", self.committee["id"])
        self.assertNotEqual(said, "saved")
        self.assertTrue(re.search(r"[\u4e00-\u9fff]", said) and not re.search(r"[A-Za-z]{3,}", said), said)
        self.look(d, "signs-community-worker-1920x1080")
        # A worker may not look at another committee's signs.
        other = board("leader", self.street["id"])["children"][1]
        self.assertEqual(requests.get(f"{BASE}/api/v1/vital-signs?nodeId={other['id']}", headers=auth(user)).status_code, 403)

    def test_health_check_report(self):
        d = self.wide
        sign_in(d, "leader")
        self.open(d, f"#/signs?node={self.district['id']}")
        self.assertEqual(d.find_element(By.ID, "signs-report-link").get_attribute("href").split("#")[1], f"/signs-report?node={self.district['id']}&days=30")
        d.find_element(By.ID, "signs-report-link").click()
        WebDriverWait(d, 20).until(lambda d: "#/signs-report" in d.current_url)
        wait_ready(d)
        self.assertEqual(self.heading(d), f"{self.district['name']}城市体检报告")
        report = requests.get(f"{BASE}/api/v1/vital-signs/report?nodeId={self.district['id']}&days=30", headers=auth("leader")).json()
        self.assertIn("（30天）", text_of(d, "view"))
        rows = d.find_elements(By.CSS_SELECTOR, "#signs-lines tbody tr[data-code]")
        self.assertEqual([r.get_attribute("data-code") for r in rows], [l["sign"]["code"] for l in report["lines"]])
        first = report["lines"][0]
        self.assertIn(first["sign"]["name"], rows[0].text)
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#signs-summary tbody tr")), 5)
        kpis = d.find_element(By.ID, "signs-kpis").text
        for words in ["上报案件", "结案", "按期处置率", "结案率", "热线满意率"]:
            self.assertIn(words, kpis)
        self.assertIn(str(report["kpis"]["reported"]), kpis)
        self.assertIn(f"{report['kpis']['onTimeHandlingRate'] * 100:.1f}%", kpis)
        button = d.find_element(By.ID, "signs-print")
        self.assertEqual(button.text, "打印")
        d.execute_script("window.printed = 0; window.print = () => { window.printed += 1; };")
        button.click()
        self.assertEqual(d.execute_script("return window.printed"), 1)
        self.look(d, "signs-report-zh-1920x1080")
        # Printed, the page keeps the report and leaves out the top bar and the buttons.
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            hidden = d.execute_script("return ['header.top', '#signs-print', '.signs-toolbar'].map(s => getComputedStyle(document.querySelector(s)).display)")
            self.assertEqual(hidden, ["none", "none", "none"])
            self.assertNotEqual(d.execute_script("return getComputedStyle(document.getElementById('signs-lines')).display"), "none")
        finally:
            d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        # Another period, from the page.
        d.execute_script("const s = document.getElementById('signs-days'); s.value = '7'; s.dispatchEvent(new Event('change'))")
        WebDriverWait(d, 20).until(lambda d: "（7天）" in text_of(d, "view"))
        wait_ready(d)
        phone = self.phone
        sign_in(phone, "leader")
        self.open(phone, f"#/signs-report?node={self.district['id']}&days=30")
        self.look(phone, "signs-report-zh-375x800")

    def test_phone_and_english(self):
        phone = self.phone
        sign_in(phone, "leader")
        self.open(phone, "#/signs")
        self.assertEqual(len(phone.find_elements(By.CSS_SELECTOR, "section.signs-dimension")), 5)
        self.look(phone, "signs-zh-375x800")
        phone.find_element(By.CSS_SELECTOR, ".sign-card button.sign-main").click()
        WebDriverWait(phone, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#signs-chart"))
        self.look(phone, "signs-chart-zh-375x800")
        # English: the indicators by their English names, the dimensions and states from the tables.
        d = self.wide
        sign_in(d, "leader")
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        try:
            self.open(d, "#/signs")
            city = board("leader")
            fed = next(f for dim in city["dimensions"] for f in dim["figures"] if not f["sign"].get("parent") and f["state"] != "noSource")
            card = d.find_element(By.CSS_SELECTOR, f'.sign-card[data-code="{fed["sign"]["code"]}"] .sign-name')
            self.assertEqual(card.text, fed["sign"]["nameEn"])
            self.assertEqual([s.text for s in d.find_elements(By.CSS_SELECTOR, "section.signs-dimension h2")],
                             ["City dynamics", "Environment", "Traffic", "Supply and utilities", "Infrastructure"])
            self.assertIn("Health-check report", text_of(d, "view"))
            self.look(d, "signs-en-1920x1080", chinese=False)
        finally:
            d.find_element(By.ID, "lang").click()
            WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN")

    def test_big_screen_panel(self):
        d = self.wide
        sign_in(d, "leader")
        self.assertTrue(d.current_url.endswith("#/screen"))
        city = board("leader")
        rows = d.find_elements(By.CSS_SELECTOR, "#signs-panel #screen-signs li a")
        self.assertEqual([r.get_attribute("data-dimension") for r in rows], DIMENSIONS)
        for row, dimension in zip(rows, city["dimensions"]):
            self.assertEqual(row.get_attribute("href").split("#")[1], f"/signs?node={city['node']['id']}")
            self.assertIn(DIMENSION_NAMES[DIMENSIONS.index(dimension["dimension"])], row.text)
            chips = {c.get_attribute("data-state"): int(c.find_element(By.TAG_NAME, "b").text) for c in row.find_elements(By.CSS_SELECTOR, ".sign-chip")}
            self.assertEqual(chips, {s: n for s, n in dimension["states"].items() if s != "noSource"}, "every state but 未接入")
        self.look(d, "screen-signs-zh-1920x1080")
        # Drilled into a district, the panel is the district's, and a row opens its signs.
        self.open(d, f"#/screen?node={self.district['id']}")
        row = d.find_element(By.CSS_SELECTOR, "#screen-signs li a")
        self.assertEqual(row.get_attribute("href").split("#")[1], f"/signs?node={self.district['id']}")
        row.click()
        WebDriverWait(d, 20).until(lambda d: "#/signs?node=" in d.current_url)
        wait_ready(d)
        self.assertIn(self.district["name"], self.heading(d))
        # The wall, and the screen on a phone.
        self.open(d, "#/screen?wall=1")
        self.assertTrue(d.find_element(By.ID, "signs-panel").is_displayed())
        self.look(d, "screen-signs-wall-1920x1080")
        sign_in(self.phone, "leader")
        self.assertTrue(self.phone.find_elements(By.CSS_SELECTOR, "#screen-signs li a"))
        self.look(self.phone, "screen-signs-zh-375x800")

    def test_station_desk_panel(self):
        for d, size in [(self.wide, "1920x1080"), (self.phone, "375x800")]:
            sign_in(d, f"chief.{self.committee['code']}")
            self.open(d, "#/station")
            panel = d.find_element(By.ID, "station-signs")
            self.assertIn("明体征", panel.text)
            self.assertEqual(d.find_element(By.ID, "station-signs-link").get_attribute("href").split("#")[1], f"/signs?node={self.committee['id']}")
            here = board("leader", self.committee["id"])
            order = ["red", "orange", "yellow", "blue", "noData"]
            odd = sorted((f for dim in here["dimensions"] for f in dim["figures"] if f["state"] not in ("normal", "noSource")), key=lambda f: order.index(f["state"]))
            shown = [a.get_attribute("data-code") for a in panel.find_elements(By.CSS_SELECTOR, ".station-signs-odd a")]
            self.assertEqual(shown, [f["sign"]["code"] for f in odd], "those out of normal first, the worst first")
            calm = [a.get_attribute("data-code") for a in panel.find_elements(By.CSS_SELECTOR, ".station-signs-calm a")]
            self.assertEqual(len(calm), sum(1 for dim in here["dimensions"] for f in dim["figures"] if f["state"] == "normal"))
            self.look(d, f"station-signs-zh-{size}")
        # An indicator of the panel opens its trend on the signs page.
        d = self.wide
        link = d.find_element(By.CSS_SELECTOR, "#station-signs a[data-code]")
        code = link.get_attribute("data-code")
        link.click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, "view").get_attribute("data-chart") == code)
        self.assertTrue(d.find_elements(By.ID, "signs-note"), "a station chief writes the committee's note")


if __name__ == "__main__":
    unittest.main()
