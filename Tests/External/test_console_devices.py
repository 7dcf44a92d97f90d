"""感知设备 and 告警规则 in headless Chromium against the real server (the demo city): the leader lists the devices with
their kinds in Chinese, narrows them to the rain gauges, pages through them, and chooses one, whose datastream's
two days of hourly readings are drawn as a chart; a household device is placed by its house alone and left off the
map. The alarm rules are listed with their levels and triggers in words, the 三碰头 rule naming its members; an admin
switches a rule off and on again (the state shown and the API agreeing) and adds a threshold rule, a refused one first;
a community worker and a duty officer read the rules without a switch. Every page Chinese with no English on it, no
raw key, no error shown and no sideways scrolling at 1920 and at 375 px; the English page in English.

Screenshots go to CHENGYUN_DEVICES_SHOTS (default /tmp/devices-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import re
import time
import unittest

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, api_token, sign_in, text_of, wait_ready
from test_console_days import DeskAndPhone, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_DEVICES_SHOTS", "/tmp/devices-shots"))
KINDS = {
    "waterLevel": "水位计", "rainfall": "雨量计", "tide": "潮位站", "wind": "风速风向仪", "gasMains": "燃气管网监测",
    "gasHome": "户内燃气报警器", "manholeCover": "井盖倾斜位移传感器", "bridgeStrain": "桥梁应变计", "smoke": "烟感",
    "elevator": "电梯故障监测", "power": "电力监测", "fallingObject": "高空坠物监测", "utilityTunnel": "综合管廊监测",
    "undergroundSpace": "地下空间监测", "telecom": "通信监测", "doorGuard": "电子守门员",
}
HOUSEHOLD = {"gasHome", "doorGuard"}
# The rules `chengyun demo` sets (docs/SENSING.md, "The demo's sensor network").
DEMO_RULES = ["下立交积水", "短时强降水", "暴雨", "高潮位", "大风", "风雨潮三碰头", "燃气泄漏", "户内燃气泄漏", "井盖倾斜", "停电",
              "电梯困人", "居家隔离门磁开启", "烟感报警", "下立交水位计失联"]
COMMITTEE = "310101001001"
_tokens = {}


def auth(user):
    if user not in _tokens:
        _tokens[user] = api_token(user)
    return {"Authorization": f"Bearer {_tokens[user]}"}


def get(user, path, **params):
    reply = requests.get(f"{BASE}{path}", headers=auth(user), params=params)
    reply.raise_for_status()
    return reply.json()


def things(user, skip=0, kind=None, words=None):
    """A page of Things as the devices page asks for it."""
    params = {"$top": 50, "$skip": skip, "$count": "true", "$orderby": "name", "$expand": "Locations,Datastreams"}
    filters = ([f"properties/kind eq '{kind}'"] if kind else []) + ([f"substringof('{words}',name)"] if words else [])
    if filters:
        params["$filter"] = " and ".join(filters)
    return get(user, "/sta/v1.1/Things", **params)


class DevicesPages(DeskAndPhone):
    shots = SHOTS

    def open(self, d, hash_):
        d.get(f"{BASE}/console/?at={time.time()}{hash_}")
        wait_ready(d)

    def look(self, d, name, chinese=True):
        look(self, d, name, self.shots, ('devices', 'alarmRules', 'sensing'), chinese)

    def rows(self, d):
        return d.execute_script("return [...document.querySelectorAll('#dev-table tbody tr')].map(r => ({id: Number(r.dataset.device),"
                                " kind: r.dataset.kind, name: r.cells[0].innerText, kindName: r.cells[1].innerText, place: r.cells[2].innerText}))")

    def wait_route(self, d, part):
        WebDriverWait(d, 20).until(lambda d: part in d.current_url)
        wait_ready(d)

    def choose(self, d, device_id):
        d.find_element(By.CSS_SELECTOR, f'#dev-table tr[data-device="{device_id}"] button.dev-open').click()
        WebDriverWait(d, 30).until(lambda d: d.find_element(By.ID, "view").get_attribute("data-chart") == str(device_id))

    def test_devices_listed_filtered_paged_and_charted(self):
        d = self.wide
        sign_in(d, "leader")
        menu = d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => [a.getAttribute('href'), a.textContent])")
        hrefs = [h for h, _ in menu]
        self.assertEqual(hrefs[hrefs.index("#/sensing") + 1: hrefs.index("#/sensing") + 3], ["#/devices", "#/alarm-rules"], "next to 感知预警")
        self.assertIn(["#/devices", "感知设备"], menu)
        self.assertIn(["#/alarm-rules", "告警规则"], menu)
        self.open(d, "#/devices")
        self.assertEqual(d.find_element(By.CSS_SELECTOR, "#view h1").text, "感知设备")
        first = things("leader")
        total = first["@iot.count"]
        self.assertGreater(total, 50, "the demo has more than a page of devices")
        rows = self.rows(d)
        self.assertEqual([r["id"] for r in rows], [t["@iot.id"] for t in first["value"]], "the server's first page, in its order")
        for row in rows:
            self.assertEqual(row["kindName"], KINDS[row["kind"]], "each kind in Chinese")
        self.assertIn(f"共 {total} 台设备", text_of(d, "dev-count"))
        self.assertEqual(text_of(d, "dev-page"), f"第 1 / {-(-total // 50)} 页")
        on_map = [t for t in first["value"] if t["properties"]["kind"] not in HOUSEHOLD and t["Locations"]]
        self.assertEqual(d.find_element(By.ID, "dev-map").get_attribute("data-markers"), str(len(on_map)))
        self.assertTrue(all(r["place"] and r["place"] != "—" for r in rows), "every device placed by name")
        self.look(d, "devices-zh-1920x1080")

        # Paging: the next page is the server's next 50, and back.
        d.find_element(By.ID, "dev-next").click()
        self.wait_route(d, "page=2")
        self.assertEqual([r["id"] for r in self.rows(d)], [t["@iot.id"] for t in things("leader", skip=50)["value"]])
        self.assertTrue(text_of(d, "dev-page").startswith("第 2 /"))
        self.assertIn("当前第 51–", text_of(d, "dev-count"))
        d.find_element(By.ID, "dev-prev").click()
        WebDriverWait(d, 20).until(lambda d: "page=" not in d.current_url)
        wait_ready(d)
        self.assertEqual([r["id"] for r in self.rows(d)], [t["@iot.id"] for t in first["value"]])

        # 雨量计 only.
        Select(d.find_element(By.ID, "dev-kind")).select_by_visible_text("雨量计")
        self.wait_route(d, "kind=rainfall")
        rain = things("leader", kind="rainfall")
        rows = self.rows(d)
        self.assertTrue(rows)
        self.assertEqual({r["kind"] for r in rows}, {"rainfall"})
        self.assertEqual({r["kindName"] for r in rows}, {"雨量计"})
        self.assertEqual([r["id"] for r in rows], [t["@iot.id"] for t in rain["value"]])
        self.assertIn(f"共 {rain['@iot.count']} 台设备", text_of(d, "dev-count"))
        # ... and a name's words on top of the kind.
        words = rain["value"][0]["name"].split("-")[0]
        box = d.find_element(By.ID, "dev-search")
        box.send_keys(words)
        d.find_element(By.ID, "dev-find").click()
        self.wait_route(d, "q=")
        narrowed = things("leader", kind="rainfall", words=words)
        rows = self.rows(d)
        self.assertEqual([r["id"] for r in rows], [t["@iot.id"] for t in narrowed["value"]])
        self.assertTrue(all(words in r["name"] and r["kind"] == "rainfall" for r in rows))

        # A gauge chosen: its properties and its readings as a chart (two days of hourly readings in the demo).
        gauge = narrowed["value"][0]
        self.choose(d, gauge["@iot.id"])
        self.assertIn(f"id={gauge['@iot.id']}", d.current_url)
        facts = text_of(d, "dev-facts")
        for value in [gauge["properties"]["code"], "雨量计", gauge["properties"]["owner"], gauge["properties"]["maintainer"]]:
            self.assertIn(value, facts)
        stream = gauge["Datastreams"][0]
        readings = get("leader", f"/sta/v1.1/Datastreams({stream['@iot.id']})/Observations", **{"$top": 200, "$orderby": "phenomenonTime desc"})["value"]
        self.assertGreaterEqual(len(readings), 24, "the demo's hourly readings")
        canvas = d.find_element(By.CSS_SELECTOR, f'#dev-detail .dev-stream[data-datastream="{stream["@iot.id"]}"] canvas')
        self.assertGreater(canvas.size["height"], 100)
        self.assertTrue(d.execute_script("return !!Chart.getChart(arguments[0])", canvas), "Chart.js drew on it")
        self.assertEqual(d.execute_script("return Chart.getChart(arguments[0]).data.datasets[0].data.length", canvas), len(readings))
        self.assertEqual(d.execute_script("return Chart.getChart(arguments[0]).data.datasets[0].data.at(-1)", canvas), readings[0]["result"])
        self.assertIn(stream["unitOfMeasurement"]["symbol"], text_of(d, "dev-detail"))
        self.assertIn("selected", d.find_element(By.CSS_SELECTOR, f'#dev-table tr[data-device="{gauge["@iot.id"]}"]').get_attribute("class"))
        self.look(d, "devices-rain-chart-zh-1920x1080")
        # The chosen device is in the route: a reload shows it again.
        self.open(d, "#" + d.current_url.split("#", 1)[1])
        WebDriverWait(d, 30).until(lambda d: d.find_element(By.ID, "view").get_attribute("data-chart") == str(gauge["@iot.id"]))

        # A household device: its house, not its place; not on the map.
        self.open(d, "#/devices?kind=doorGuard")
        guards = things("leader", kind="doorGuard")["value"]
        self.assertTrue(guards)
        self.assertEqual(d.find_element(By.ID, "dev-map").get_attribute("data-markers"), "0")
        self.assertIn("不在地图上显示", text_of(d, "view"))
        guard = guards[0]
        self.assertEqual(self.rows(d)[0]["place"], f"住户 {guard['properties']['placeRef']}")
        self.choose(d, guard["@iot.id"])
        self.assertIn(f"住户 {guard['properties']['placeRef']}", text_of(d, "dev-facts"))
        self.assertIn("居家设备", text_of(d, "dev-detail"))
        self.look(d, "devices-household-zh-1920x1080")

    def test_phone_and_english(self):
        phone = self.phone
        sign_in(phone, "leader")
        self.open(phone, "#/devices")
        self.look(phone, "devices-zh-375x800")
        device = next(t for t in things("leader")["value"] if t["properties"]["kind"] not in HOUSEHOLD)
        self.choose(phone, device["@iot.id"])
        phone.execute_script("document.getElementById('dev-detail').scrollIntoView()")
        self.look(phone, "devices-chart-zh-375x800")
        self.open(phone, "#/alarm-rules")
        self.look(phone, "alarm-rules-zh-375x800")

        d = self.wide
        sign_in(d, "admin")
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        try:
            self.open(d, "#/devices")
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "#view h1").text, "Sensing devices")
            self.assertIn(["#/devices", "Devices"], d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => [a.getAttribute('href'), a.textContent])"))
            Select(d.find_element(By.ID, "dev-kind")).select_by_visible_text("Rain gauge")
            self.wait_route(d, "kind=rainfall")
            self.assertEqual({r["kindName"] for r in self.rows(d)}, {"Rain gauge"})
            self.choose(d, self.rows(d)[0]["id"])
            self.look(d, "devices-en-1920x1080", chinese=False)
            self.open(d, "#/alarm-rules")
            trigger = d.find_element(By.CSS_SELECTOR, f'#ar-table tr[data-rule="{self.rule("风雨潮三碰头")["id"]}"] .ar-trigger').text
            self.assertTrue(trigger.startswith("3-way coincidence"), trigger)
            self.look(d, "alarm-rules-en-1920x1080", chinese=False)
        finally:
            d.find_element(By.ID, "lang").click()
            WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN")

    def rule(self, name, user="leader"):
        return next(r for r in get(user, "/api/v1/alarm-rules") if r["name"] == name)

    def rule_rows(self, d):
        return d.execute_script("return [...document.querySelectorAll('#ar-table tbody tr')].map(r => ({id: Number(r.dataset.rule),"
                                " text: r.innerText, trigger: r.querySelector('.ar-trigger').innerText, cells: [...r.cells].map(c => c.innerText)}))")

    def test_alarm_rules_listed_in_words(self):
        d = self.wide
        sign_in(d, "leader")
        self.open(d, "#/alarm-rules")
        rules = get("leader", "/api/v1/alarm-rules")
        rows = self.rule_rows(d)
        self.assertEqual([r["id"] for r in rows], [r["id"] for r in rules])
        names = [r["cells"][1].split("\n")[0] for r in rows]
        for name in DEMO_RULES:
            self.assertIn(name, names, "the demo's rules")
        self.assertGreaterEqual(len(rows), 14)
        self.assertIn(f"共 {len(rules)} 条规则", text_of(d, "ar-count"))
        by_name = {r["name"]: r for r in rules}
        row = lambda name: next(x for x in rows if x["id"] == by_name[name]["id"])
        # 三碰头: the members by name, all of them.
        triple = by_name["风雨潮三碰头"]
        members = [next(r["name"] for r in rules if r["id"] == m) for m in triple["trigger"]["members"]]
        self.assertEqual(row("风雨潮三碰头")["trigger"], f"三碰头：{'、'.join(members)}（全部）同时报警")
        self.assertEqual(row("风雨潮三碰头")["cells"][0], "红色")
        # Thresholds with their hysteresis and how long they hold; below-thresholds; silence.
        self.assertEqual(row("下立交积水")["trigger"], "高于 0.25 报警、低于 0.05 解除")
        self.assertEqual(row("井盖倾斜")["trigger"], "高于 15 报警、低于 5 解除，持续 60 秒")
        self.assertEqual(row("停电")["trigger"], "低于 180 报警、高于 200 解除")
        self.assertEqual(row("下立交水位计失联")["trigger"], "静默 1800 秒报警，收到读数解除")
        self.assertEqual(row("下立交积水")["cells"][2], "水位计")
        # The case category by its taxonomy name; the rule an alarm is grouped under by name.
        taxonomy = get("leader", "/api/v1/taxonomy")["categories"]
        category = next(c for c in taxonomy if f"{c['kind']}:{c['code']}" == by_name["下立交积水"]["categoryId"])
        self.assertEqual(row("下立交积水")["cells"][4], category["name"])
        self.assertEqual(row("电梯困人")["cells"][5], "停电")
        self.assertEqual(row("暴雨")["cells"][4], "不立案")
        # Only an admin over a rule's node may switch it (the server refuses the leader): no switch, no form.
        self.assertFalse(d.find_elements(By.CSS_SELECTOR, "#ar-table button.switch"))
        self.assertFalse(d.find_elements(By.ID, "ar-form"))
        self.assertEqual({x.text for x in d.find_elements(By.CSS_SELECTOR, "#ar-table .ar-state")} - {"启用", "停用"}, set())
        self.look(d, "alarm-rules-zh-1920x1080")

    def test_rules_switched_and_added_by_an_admin(self):
        d = self.wide
        sign_in(d, "admin")
        self.open(d, "#/alarm-rules")
        rule = self.rule("下立交水位计失联", "admin")
        self.assertTrue(rule["active"])
        switch = d.find_element(By.ID, f"ar-switch-{rule['id']}")
        self.assertEqual(switch.get_attribute("aria-checked"), "true")
        self.assertEqual(switch.text, "启用")
        switch.click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, f"ar-switch-{rule['id']}").get_attribute("aria-checked") == "false")
        self.assertEqual(d.find_element(By.ID, f"ar-switch-{rule['id']}").text, "停用")
        self.assertIn("inactive", d.find_element(By.CSS_SELECTOR, f'#ar-table tr[data-rule="{rule["id"]}"]').get_attribute("class"))
        self.assertEqual(text_of(d, "ar-message"), "已停用「下立交水位计失联」")
        self.assertFalse(self.rule("下立交水位计失联", "admin")["active"], "the API agrees")
        self.look(d, "alarm-rules-switched-off-zh-1920x1080")
        # After a reload it is still off; switched on again.
        self.open(d, "#/alarm-rules")
        switch = d.find_element(By.ID, f"ar-switch-{rule['id']}")
        self.assertEqual(switch.get_attribute("aria-checked"), "false")
        switch.click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.ID, f"ar-switch-{rule['id']}").get_attribute("aria-checked") == "true")
        self.assertTrue(self.rule("下立交水位计失联", "admin")["active"])

        # A threshold rule: a clear value on the wrong side is refused next to its field, in Chinese; then added.
        name = f"桥梁应变超限{int(time.time()) % 100000}"
        d.find_element(By.ID, "ar-name").send_keys(name)
        Select(d.find_element(By.ID, "ar-level")).select_by_visible_text("橙色")
        Select(d.find_element(By.ID, "ar-kind")).select_by_visible_text("桥梁应变计")
        d.find_element(By.ID, "ar-raise").send_keys("800")
        d.find_element(By.ID, "ar-clear").send_keys("900")
        d.find_element(By.ID, "ar-sustain").clear()
        d.find_element(By.ID, "ar-sustain").send_keys("120")
        d.find_element(By.ID, "ar-add").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "ar-clear-error"))
        said = text_of(d, "ar-clear-error")
        self.assertIn("解除值", said)
        self.assertFalse(re.search(r"[A-Za-z]{3,}", said), said)
        self.assertEqual(d.find_element(By.ID, "ar-clear").get_attribute("aria-invalid"), "true")
        self.assertNotIn(name, [r["name"] for r in get("admin", "/api/v1/alarm-rules")])
        self.look_with_error(d, "alarm-rules-refused-zh-1920x1080")
        d.find_element(By.ID, "ar-clear").clear()
        d.find_element(By.ID, "ar-clear").send_keys("700")
        d.find_element(By.ID, "ar-add").click()
        WebDriverWait(d, 20).until(lambda d: text_of(d, "ar-form-message") == f"已新增规则「{name}」")
        made = self.rule(name, "admin")
        self.assertEqual((made["level"], made["target"], made["trigger"]["kind"], made["trigger"]["raise"], made["trigger"]["clear"], made["trigger"]["sustainSeconds"]),
                         ("orange", {"kind": "bridgeStrain"}, "threshold", 800, 700, 120))
        row = d.find_element(By.CSS_SELECTOR, f'#ar-table tr[data-rule="{made["id"]}"]').text
        self.assertIn("高于 800 报警、低于 700 解除，持续 120 秒", row)
        self.assertIn("桥梁应变计", row)
        self.look(d, "alarm-rules-admin-zh-1920x1080")

    def look_with_error(self, d, name):
        """A refusal shown on purpose: the screenshot, with the page otherwise in order."""
        d.save_screenshot(str(SHOTS / f"{name}.png"))
        self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), d.execute_script("return window.innerWidth"))

    def test_others_read_the_rules_without_a_switch(self):
        for user in [f"cw.{COMMITTEE}", "duty"]:
            for d, size in [(self.wide, "1920x1080"), (self.phone, "375x800")]:
                sign_in(d, user)
                hrefs = d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => a.getAttribute('href'))")
                self.assertIn("#/alarm-rules", hrefs)
                self.assertIn("#/devices", hrefs)
                self.open(d, "#/alarm-rules")
                rules = get(user, "/api/v1/alarm-rules")
                self.assertEqual(len(self.rule_rows(d)), len(rules))
                self.assertFalse(d.find_elements(By.CSS_SELECTOR, "#ar-table button.switch"), f"{user}: no switch")
                self.assertFalse(d.find_elements(By.ID, "ar-form"))
                self.assertIn("规则由管理员设置和启停", text_of(d, "view"))
                self.look(d, f"alarm-rules-{user.split('.')[0]}-zh-{size}")
                self.open(d, "#/devices")
                self.assertIn(f"共 {things(user)['@iot.count']} 台设备", text_of(d, "dev-count"))
                self.look(d, f"devices-{user.split('.')[0]}-zh-{size}")
            # The server refuses them a change, and the console says so in Chinese.
            rule = get(user, "/api/v1/alarm-rules")[0]
            refused = requests.patch(f"{BASE}/api/v1/alarm-rules/{rule['id']}", headers=auth(user), json={"active": False})
            self.assertIn(refused.status_code, (403, 404))
            said = self.wide.execute_async_script("const done = arguments[arguments.length - 1];"
                                                  "api(`/api/v1/alarm-rules/${arguments[0]}`, { method: 'PATCH', json: { active: false } })"
                                                  ".then(() => done('saved'), e => done(e.message))", rule["id"])
            self.assertNotEqual(said, "saved")
            self.assertTrue(re.search(r"[\u4e00-\u9fff]", said) and not re.search(r"[A-Za-z]{3,}", said), said)
        self.assertTrue(get("admin", "/api/v1/alarm-rules")[0]["active"], "nothing was switched")


if __name__ == "__main__":
    unittest.main()
