"""防汛 — the flood season in headless Chromium against the real server: the first street's duty officer (duty.s1) sends
a direct report (灾情直报) through the form with its place tapped on the map — a refused description is shown next to
its field in Chinese, a lost answer is sent again with the same Idempotency-Key and listed once — and the city's duty
officer (duty) sees it; duty sends an instruction (指令) to the whole city from the form, duty.s1 finds it 待签收 on a
phone and acknowledges it with a reply, and duty reads acknowledged ≥ 1 and the reply in the receipts table; a
rainstorm warning posted as CAP opens reinforcement posts (加强值守) and duty.s1 puts a person on one (a person already
on duty is refused in Chinese); the past seasons (历史汛情) as a table with this year marked and a Chart.js chart. Every
view Chinese with no English and no raw key on it, no error shown and no sideways scrolling at 1920 and at 375 px;
the English page too.

Screenshots go to CHENGYUN_FLOOD_SHOTS (default /tmp/flood-shots/): each view as the window shows it, and the whole
page beside it (`-full`).
Environment: CHENGYUN_URL; CHENGYUN_SENSOR_KEY (a key that reports as `sensor`) — without it the admin makes one
through the API and revokes it afterwards.
"""
import base64
import datetime
import os
import pathlib
import re
import time
import unittest
import uuid

import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, api_token, browser, sign_in, text_of, wait_ready
from test_console_days import ENGLISH

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_FLOOD_SHOTS", "/tmp/flood-shots"))
RAW_KEY = re.compile(r"\b(flood|menu|post|admin|sensing|error)\.[a-zA-Z][a-zA-Z.]*")
STAMP = uuid.uuid4().hex[:6]


def auth(user):
    return {"Authorization": f"Bearer {api_token(user)}"}


def cap_alert(code, hours=4):
    """A rainstorm yellow warning for the node `code` as the meteorological service sends it, expiring in `hours`."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    iso = lambda t: t.isoformat()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>sh-qxj-flood-{uuid.uuid4()}</identifier><sender>qxj@sh.gov.cn</sender><sent>{iso(now)}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>zh-CN</language><category>Met</category><event>暴雨黄色预警</event><urgency>Expected</urgency><severity>Moderate</severity>
    <certainty>Likely</certainty><expires>{iso(now + datetime.timedelta(hours=hours))}</expires>
    <headline>上海中心气象台发布暴雨黄色预警</headline><description>未来6小时降雨量将达50毫米以上，请注意防范</description>
    <area><areaDesc>测试区域</areaDesc><geocode><valueName>chengyun:node</valueName><value>{code}</value></geocode></area></info>
</alert>""".encode()


class FloodPages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SHOTS.mkdir(parents=True, exist_ok=True)
        leader = auth("leader")
        districts = requests.get(f"{BASE}/api/v1/org/nodes?kind=district", headers=leader, timeout=20).json()
        cls.district = min(districts, key=lambda n: n["code"])
        cls.street = requests.get(f"{BASE}/api/v1/me", headers=auth("duty.s1"), timeout=20).json()["assignments"][0]
        # A rainstorm yellow warning for the first district opens posts at it, its streets and committees.
        key, cls.made_key = os.environ.get("CHENGYUN_SENSOR_KEY", ""), None
        if not key:
            made = requests.post(f"{BASE}/api/v1/apikeys", headers=auth("admin"), timeout=20,
                                 json={"name": f"flood-test-{STAMP}", "sources": ["sensor"], "nodeId": 1}).json()
            key, cls.made_key = made["key"], made["record"]["id"]
        reply = requests.post(f"{BASE}/api/v1/warnings/cap", data=cap_alert(cls.district["code"]), timeout=20,
                              headers={"Authorization": f"Bearer {key}", "Content-Type": "application/cap+xml"})
        assert reply.status_code == 201, reply.text
        cls.warning = reply.json()
        cls.wide = browser(1920, 1080)
        cls.phone = browser(375, 800)

    @classmethod
    def tearDownClass(cls):
        cls.wide.quit()
        cls.phone.quit()
        if cls.made_key:
            requests.delete(f"{BASE}/api/v1/apikeys/{cls.made_key}", headers=auth("admin"), timeout=20)

    def open(self, d):
        d.get(f"{BASE}/console/?at={time.time()}#/flood")
        wait_ready(d)

    def look(self, d, name, chinese=True):
        """Drawn, no error shown, no raw key, no English on a Chinese page, no sideways scrolling; screenshots of the
        window and of the whole page."""
        wait_ready(d)
        time.sleep(0.4)   # the map and the chart finish drawing
        text = d.execute_script("return document.getElementById('view').innerText")
        self.assertFalse(RAW_KEY.findall(text), f"{name}: a raw key on the page: {RAW_KEY.findall(text)[:5]}")
        if chinese:
            self.assertFalse(ENGLISH.findall(text), f"{name}: English on the Chinese page: {ENGLISH.findall(text)[:5]}")
        shown = d.execute_script("return [...document.querySelectorAll('#view .error')].filter(e => e.offsetParent && e.textContent.trim()).map(e => e.textContent)")
        self.assertEqual(shown, [], name)
        width = d.execute_script("return window.innerWidth")
        self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), width, f"{name}: sideways scrolling")
        d.save_screenshot(str(SHOTS / f"{name}.png"))
        height = d.execute_script("return document.documentElement.scrollHeight")
        shot = d.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        (SHOTS / f"{name}-full.png").write_bytes(base64.b64decode(shot["data"]))

    def reports(self, user):
        return requests.get(f"{BASE}/api/v1/flood/reports?limit=200", headers=auth(user), timeout=20).json()["reports"]

    def test_1_direct_report_sent_once_and_seen_above(self):
        d = self.wide
        sign_in(d, "duty.s1")
        menu = d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => a.getAttribute('href'))")
        self.assertEqual(menu.index("#/flood"), menu.index("#/signs") + 1, "防汛 after 城市体征")
        self.assertIn("防汛", text_of(d, "menu"))
        self.open(d)
        self.assertEqual([h.text for h in d.find_elements(By.CSS_SELECTOR, ".flood section.panel:not(.flood-head) > h2")],
                         ["灾情直报", "指令", "加强值守", "历史汛情"])
        self.look(d, "flood-zh-1920x1080")
        # The kind brings its unit; the place is tapped on the street's map.
        Select(d.find_element(By.ID, "fr-kind")).select_by_value("waterlogging")
        self.assertEqual(text_of(d, "fr-unit"), "处")
        Select(d.find_element(By.ID, "fr-kind")).select_by_value("houseFlooded")
        self.assertEqual(text_of(d, "fr-unit"), "户")
        Select(d.find_element(By.ID, "fr-kind")).select_by_value("waterlogging")
        d.find_element(By.ID, "fr-count").send_keys("3")
        address, words = f"长乐路陕西南路口{STAMP}", f"积水约20厘米，已设置警示，排水泵车赶赴现场{STAMP}"
        d.find_element(By.ID, "fr-address").send_keys(address)
        box = d.find_element(By.ID, "fr-map")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        ActionChains(d).move_to_element_with_offset(box, 10, 10).click().perform()
        WebDriverWait(d, 10).until(lambda d: text_of(d, "fr-place-note") == "已在地图上标注位置")
        # A description of blanks: the server refuses it, and the console says why next to the field, in Chinese.
        d.find_element(By.ID, "fr-description").send_keys("   ")
        d.find_element(By.ID, "fr-submit").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "fr-description-error"))
        self.assertEqual(text_of(d, "fr-description-error"), "请描述灾情（1 至 2000 字）")
        # The answer to the next press is lost on the way back: the report is stored, the page hears nothing.
        d.execute_script("""
            window.floodKeys = []; const real = window.fetch; let dropped = false;
            window.fetch = async (url, init) => {
              if (String(url).endsWith('/api/v1/flood/reports') && init && init.method === 'POST') {
                window.floodKeys.push(init.headers['Idempotency-Key']);
                const reply = await real(url, init);
                if (!dropped) { dropped = true; window.floodFirst = reply.status; throw new TypeError('Failed to fetch'); }
                window.floodSecond = reply.status;
                return reply;
              }
              return real(url, init);
            };""")
        field = d.find_element(By.ID, "fr-description")
        field.clear()
        field.send_keys(words)
        d.find_element(By.ID, "fr-submit").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "fr-error"))
        self.assertIn("不会重复记录", text_of(d, "fr-error"))
        self.assertEqual(d.execute_script("return window.floodFirst"), 201)
        # Pressed again: the same key, the server answers with the report it stored (200), listed once.
        d.find_element(By.ID, "fr-submit").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "fr-status").startswith("已上报"))
        keys = d.execute_script("return window.floodKeys")
        self.assertEqual(len(keys), 2)
        self.assertEqual(keys[0], keys[1], "a retry carries the same Idempotency-Key")
        self.assertEqual(d.execute_script("return window.floodSecond"), 200)
        self.assertEqual(text_of(d, "fr-status"), "已上报：道路积水 3处（长乐街道）")
        self.assertEqual(text_of(d, "fr-error"), "")
        mine = [r for r in self.reports("duty.s1") if r["description"] == words]
        self.assertEqual(len(mine), 1, "stored once")
        report = mine[0]
        self.assertEqual((report["kind"], report["count"], report["address"], report["nodeId"]), ("waterlogging", 3, address, self.street["nodeId"]))
        self.assertIn("lon", report.get("location", {}), "the place tapped")
        items = d.find_elements(By.CSS_SELECTOR, f'#fr-list li[data-report="{report["id"]}"]')
        self.assertEqual(len(items), 1, "listed once")
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "#fr-list li")[0].get_attribute("data-report"), str(report["id"]), "newest first")
        item = items[0].text
        for part in ["道路积水", "3处", "长乐街道", address, words, f"上报人：{report['reporterName']}"]:
            self.assertIn(part, item)
        self.assertEqual(d.find_element(By.ID, "fr-description").get_attribute("value"), "", "the form is ready for the next report")
        # The same submission sent twice from the page with one new key: stored once, the second answer a 200.
        statuses = d.execute_async_script("""
            const done = arguments[arguments.length - 1], key = requestKey();
            const body = JSON.stringify({ kind: 'treeDown', count: 2, description: arguments[0] });
            const post = () => send('/api/v1/flood/reports', { method: 'POST', headers: { 'Idempotency-Key': key, 'Content-Type': 'application/json' }, body })
              .then(async r => [r.status, (await r.json()).id]);
            post().then(a => post().then(b => done([a, b])), e => done(String(e)));""", f"行道树倒伏两棵{STAMP}")
        (first, one), (second, two) = statuses
        self.assertEqual((first, second), (201, 200))
        self.assertEqual(one, two)
        self.assertEqual(len([r for r in self.reports("duty.s1") if r["description"] == f"行道树倒伏两棵{STAMP}"]), 1)
        self.open(d)
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, f'#fr-list li[data-report="{one}"]')), 1)
        self.assertIn("2棵", d.find_element(By.CSS_SELECTOR, f'#fr-list li[data-report="{one}"]').text)
        self.look(d, "flood-report-sent-zh-1920x1080")
        # The city's duty officer sees the street's report.
        sign_in(d, "duty")
        self.open(d)
        self.assertIn("上海市", d.find_element(By.CSS_SELECTOR, ".flood-head h1").text)
        item = d.find_element(By.CSS_SELECTOR, f'#fr-list li[data-report="{report["id"]}"]').text
        self.assertIn(words, item)
        self.assertIn("长乐街道", item)
        self.look(d, "flood-city-sees-report-zh-1920x1080")

    def test_2_instruction_sent_acknowledged_and_read_back(self):
        d, phone = self.wide, self.phone
        sign_in(d, "duty")
        self.open(d)
        title, reply = f"关于做好强降雨防范工作的指令{STAMP}", f"已部署，人员到位{STAMP}"
        d.find_element(By.ID, "fc-title-input").send_keys(title)
        d.find_element(By.ID, "fc-text").send_keys("各级立即检查下立交、低洼小区排水设施，值班人员在岗待命。")
        minutes = d.find_element(By.ID, "fc-minutes")
        minutes.clear()
        minutes.send_keys("45")
        d.find_element(By.ID, "fc-send").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "fc-status").startswith("已下达"))
        listed = requests.get(f"{BASE}/api/v1/instructions?limit=20", headers=auth("duty"), timeout=20).json()["instructions"]
        summary = next(s for s in listed if s["instruction"]["title"] == title)
        instruction = summary["instruction"]
        self.assertEqual((instruction["nodeName"], instruction["acknowledgeMinutes"]), ("上海市", 45))
        self.assertGreater(summary["sent"], 1, "the whole city")
        WebDriverWait(d, 20).until(lambda d: title in text_of(d, "fc-receipts"))
        row = d.find_element(By.CSS_SELECTOR, f'#fc-list tr[data-instruction="{instruction["id"]}"]')
        self.assertEqual(row.find_element(By.CSS_SELECTOR, '[data-count="sent"]').text, str(summary["sent"]))
        self.assertEqual(row.find_element(By.CSS_SELECTOR, '[data-count="acknowledged"]').text, f"0 / {summary['sent']}")
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#fc-receipts-table tbody tr")), summary["sent"])
        self.look(d, "flood-instruction-sent-zh-1920x1080")

        # The street's duty officer on a phone: 待签收 on top, acknowledged with a reply.
        sign_in(phone, "duty.s1")
        self.open(phone)
        self.assertIn("待签收", text_of(phone, "flood-owed-line"))
        owed = phone.find_element(By.CSS_SELECTOR, f'#fc-owed li[data-instruction="{instruction["id"]}"]')
        self.assertIn(title, owed.text)
        self.assertIn("上海市", owed.text)
        self.look(phone, "flood-zh-375x800")
        phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", owed)
        phone.find_element(By.ID, f"fc-reply-{instruction['id']}").send_keys(reply)
        phone.find_element(By.ID, f"fc-ack-{instruction['id']}").click()
        WebDriverWait(phone, 20).until(lambda d: text_of(d, "fc-status").startswith("已签收"))
        self.assertFalse(phone.find_elements(By.CSS_SELECTOR, f'#fc-owed li[data-instruction="{instruction["id"]}"]'), "no longer owed")
        # Acknowledging again is refused, in Chinese.
        said = phone.execute_async_script("const done = arguments[arguments.length - 1];"
                                          "api(`/api/v1/instructions/${arguments[0]}/acknowledge`, { method: 'POST', json: {} }).then(() => done('ok'), e => done(e.message))",
                                          instruction["id"])
        self.assertEqual(said, "这条指令您已签收，或没有下达到您这里")
        self.look(phone, "flood-acknowledged-zh-375x800")

        # The city reads it back: acknowledged ≥ 1 and the street's reply in the receipts.
        self.open(d)
        row = d.find_element(By.CSS_SELECTOR, f'#fc-list tr[data-instruction="{instruction["id"]}"]')
        acknowledged = int(row.find_element(By.CSS_SELECTOR, '[data-count="acknowledged"]').text.split("/")[0])
        self.assertGreaterEqual(acknowledged, 1)
        row.find_element(By.CSS_SELECTOR, "button.fc-open").click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'#fc-receipts-table tr[data-node="{self.street["nodeId"]}"]'))
        street = d.find_element(By.CSS_SELECTOR, f'#fc-receipts-table tr[data-node="{self.street["nodeId"]}"]').text
        receipt = next(r for r in requests.get(f"{BASE}/api/v1/instructions/{instruction['id']}/receipts", headers=auth("duty"), timeout=20).json()
                       if r["nodeId"] == self.street["nodeId"])
        self.assertEqual(receipt["reply"], reply)
        for part in ["长乐街道", reply, receipt["acknowledgedBy"], "已签收", *receipt["onDuty"]]:
            self.assertIn(part, street)
        self.assertIn(f"已签收 {acknowledged}", text_of(d, "fc-receipts-summary"))
        # The filter keeps the nodes not yet acknowledged.
        Select(d.find_element(By.ID, "fc-filter")).select_by_value("open")
        self.assertFalse(d.find_elements(By.CSS_SELECTOR, f'#fc-receipts-table tr[data-node="{self.street["nodeId"]}"]'))
        Select(d.find_element(By.ID, "fc-filter")).select_by_value("all")
        d.execute_script("document.getElementById('fc-receipts').scrollIntoView({block: 'start'})")
        self.look(d, "flood-receipts-zh-1920x1080")
        self.look(phone, "flood-receipts-phone-zh-375x800")

    def test_3_reinforcement_posts_and_a_person_put_on_one(self):
        d = self.wide
        sign_in(d, "duty.s1")
        self.open(d)
        status = requests.get(f"{BASE}/api/v1/duty/reinforcements?nodeId={self.street['nodeId']}", headers=auth("duty.s1"), timeout=20).json()
        self.assertGreaterEqual(status["needed"], 3, "the street's post and one a committee")
        self.assertEqual(text_of(d, "fd-needed"), str(status["needed"]))
        self.assertEqual(text_of(d, "fd-filled"), str(status["filled"]))
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#fd-table tbody tr")), len(status["posts"]))
        # The warnings that opened the posts are named (another test's warning for the same district may have opened
        # them before this one's, which then adds nothing).
        for warning in {p["warningId"] for p in status["posts"]}:
            headline = requests.get(f"{BASE}/api/v1/warnings/{warning}", headers=auth("duty.s1"), timeout=20).json()["headline"]
            self.assertIn(headline, text_of(d, "fd-warnings"))
        self.look(d, "flood-duty-zh-1920x1080")
        # The street's own post to a committee's inspector (no shift now), by name.
        post = next(p for p in status["posts"] if p["nodeId"] == self.street["nodeId"] and not p.get("userId"))
        committee = next(p for p in status["posts"] if p["nodeId"] != self.street["nodeId"] and not p.get("userId"))
        code = requests.get(f"{BASE}/api/v1/org/nodes/{committee['nodeId']}", headers=auth("duty.s1"), timeout=20).json()["code"]
        people = requests.get(f"{BASE}/api/v1/users?nodeId={committee['nodeId']}&limit=500", headers=auth("duty.s1"), timeout=20).json()
        inspector = next(u for u in people if u["username"] == f"insp.{code}")
        d.find_element(By.CSS_SELECTOR, f'button[data-assign="{post["id"]}"]').click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, f"fd-user-{post['id']}"))
        Select(d.find_element(By.ID, f"fd-user-{post['id']}")).select_by_value(str(inspector["id"]))
        d.find_element(By.ID, f"fd-confirm-{post['id']}").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "fd-status").startswith("已安排"))
        # The table may be drawn again meanwhile (a refresh): its row is read in one step in the page, until it names them.
        row = f'#fd-table tr[data-post="{post["id"]}"]'
        WebDriverWait(d, 20).until(lambda d: inspector["displayName"] in d.execute_script(
            "const r = document.querySelector(arguments[0]); return r ? r.innerText : ''", row))
        # The tiles come with the same drawing; a refresh sent before the assignment may answer after it, so wait for the
        # count that follows (it failed once, reading the stale drawing's 0).
        WebDriverWait(d, 20).until(lambda d: text_of(d, "fd-filled") == str(status["filled"] + 1))
        after = requests.get(f"{BASE}/api/v1/duty/reinforcements?nodeId={self.street['nodeId']}", headers=auth("duty.s1"), timeout=20).json()
        self.assertEqual(next(p for p in after["posts"] if p["id"] == post["id"])["userName"], inspector["displayName"])
        self.look(d, "flood-duty-assigned-zh-1920x1080")
        # The same person for the committee's post: on duty already, refused in Chinese next to the choice.
        d.find_element(By.CSS_SELECTOR, f'button[data-assign="{committee["id"]}"]').click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, f"fd-user-{committee['id']}"))
        Select(d.find_element(By.ID, f"fd-user-{committee['id']}")).select_by_value(str(inspector["id"]))
        d.find_element(By.ID, f"fd-confirm-{committee['id']}").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, f"fd-error-{committee['id']}"))
        self.assertEqual(text_of(d, f"fd-error-{committee['id']}"), "该人员在此时段已有班次，同一时间只能值一个班")
        d.find_element(By.CSS_SELECTOR, f'#fd-table tr[data-post="{committee["id"]}"] button.secondary').click()
        # A grid inspector reads the posts and may not assign.
        for driver, size in [(d, "1920x1080"), (self.phone, "375x800")]:
            sign_in(driver, f"insp.{code}")
            self.open(driver)
            self.assertTrue(driver.find_elements(By.CSS_SELECTOR, "#fd-table tbody tr"))
            self.assertFalse(driver.find_elements(By.CSS_SELECTOR, "button[data-assign]"))
            self.assertIn("网格监督员无需签收", text_of(driver, "flood-command"))
            self.look(driver, f"flood-inspector-zh-{size}")

    def test_4_past_seasons(self):
        d = self.wide
        sign_in(d, "duty")
        self.open(d)
        seasons = requests.get(f"{BASE}/api/v1/flood/seasons?years=5", headers=auth("duty"), timeout=20).json()
        years = [h.get_attribute("data-year") for h in d.find_elements(By.CSS_SELECTOR, "#fh-table thead th[data-year]")]
        self.assertEqual(years, [str(s["year"]) for s in reversed(seasons)], "the years as columns, the oldest first")
        this_year = datetime.date.today().year
        head = d.find_element(By.CSS_SELECTOR, f'#fh-table thead th[data-year="{this_year}"]')
        self.assertIn("this-year", head.get_attribute("class"))
        current = [s for s in seasons if s["current"]]
        self.assertIn("截至今日" if current else "今年", head.text, "this year's season marked")
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, '#fh-table th[data-current="true"]')), len(current))
        if current:
            self.assertEqual(current[0]["year"], this_year)
        rain = [td.text for td in d.find_elements(By.CSS_SELECTOR, '#fh-table tr[data-row="rainfall"] td')]
        self.assertEqual(len(rain), len(seasons))
        cases = [td.text for td in d.find_elements(By.CSS_SELECTOR, '#fh-table tr[data-row="cases"] td')]
        self.assertEqual(cases, [f"{s['waterloggingClosed']}/{s['waterloggingCases']}" for s in reversed(seasons)])
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#fh-table tr[data-level]")), 4, "alarms by level")
        for words in ["累计雨量", "最大小时雨强", "降雨时数", "积水点", "平均结案时长", "灾情直报"]:
            self.assertIn(words, text_of(d, "fh-table"))
        chart = d.find_element(By.ID, "fh-chart")
        self.assertTrue(d.execute_script("return !!Chart.getChart(arguments[0])", chart), "Chart.js drew on it")
        self.assertEqual(d.execute_script("return Chart.getChart(arguments[0]).data.labels.length", chart), len(seasons))
        self.assertEqual(d.execute_script("return Chart.getChart(arguments[0]).data.datasets.map(x => x.data)", chart),
                         [[s["rainfall"] for s in reversed(seasons)], [s["waterloggingCases"] for s in reversed(seasons)]])
        d.execute_script("document.getElementById('flood-history').scrollIntoView({block: 'start'})")
        self.look(d, "flood-history-zh-1920x1080")
        sign_in(self.phone, "duty")
        self.open(self.phone)
        self.phone.execute_script("document.getElementById('flood-history').scrollIntoView({block: 'start'})")
        self.look(self.phone, "flood-history-zh-375x800")

    def test_5_english(self):
        d = self.wide
        sign_in(d, "duty.s1")
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        try:
            self.open(d)
            self.assertEqual([h.text for h in d.find_elements(By.CSS_SELECTOR, ".flood section.panel:not(.flood-head) > h2")],
                             ["Direct reports", "Instructions", "Reinforced duty", "Past seasons"])
            self.assertIn("Flood season", text_of(d, "menu"))
            self.assertIn("Road waterlogging", text_of(d, "fr-list"))
            self.look(d, "flood-en-1920x1080", chinese=False)
        finally:
            d.find_element(By.ID, "lang").click()
            WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN")


if __name__ == "__main__":
    unittest.main()
