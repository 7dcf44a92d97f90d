"""知事项 in headless Chromium against the real server (the demo city's lists):

- a committee's community worker opens the station desk: today's tasks from the district's responsibility list and the
  positive list of the station's type, whose closed-out count is the server's (from the station's cases); they tick a
  task with what they found — the server has it once, the page shows who and when, and the count of tasks done goes up;
  at 375 px the desk fits the phone;
- the city's administrator reads the lists (20 / 20 / 21 positive items per station type, the responsibility lists),
  adds a responsibility item with two case categories and withdraws it;
- the English desk in English.

Screenshots go to CHENGYUN_MATTER_SHOTS (default /tmp/matter-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_MATTER_SHOTS", "/tmp/matter-shots"))
WORKER = "cw.310101001001"
KEYS = ("matters", "station", "signs", "base", "digest")


class MatterPages(DeskAndPhone):
    shots = SHOTS

    def station_matters(self):
        stations = api_get(WORKER, "/api/v1/stations", limit=50)["stations"]
        station = next(s for s in stations if s["type"] != "specialArea")
        return station, api_get(WORKER, f"/api/v1/stations/{station['id']}/matters")

    def test_1_worker_ticks_a_task_on_the_station_desk(self):
        d = self.wide
        station, before = self.station_matters()
        sign_in(d, WORKER)
        d.get(f"{BASE}/console/#/station?station={station['id']}")
        wait_ready(d)
        panel = d.find_element(By.ID, "station-matters")
        self.assertIn("知事项", panel.text)
        items = d.find_elements(By.CSS_SELECTOR, "#matter-positive li")
        self.assertEqual(len(items), len(before["positive"]))
        self.assertGreaterEqual(len(items), 20)
        clear = sum(1 for x in before["positive"] if x["closedOut"])
        self.assertEqual(d.find_element(By.ID, "matter-clear-count").text, f"已消项 {clear}/{len(before['positive'])}")
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#matter-positive li.clear")), clear)
        # Open items come first, each with its open count from the server.
        first_open = next((x for x in before["positive"] if not x["closedOut"]), None)
        if first_open:
            chip = d.find_element(By.CSS_SELECTOR, f"#matter-positive li[data-item='{first_open['item']['code']}']")
            self.assertIn(f"未结 {first_open['count']['open']}", chip.text)
        todo = [x for x in before["tasks"] if not x.get("done")]
        self.assertTrue(todo, "the demo leaves today's tasks to do")
        look(self, d, "desk-before", self.shots, KEYS)
        # 居委简报 beside it: the committee's own points, suggested topics and patterns, as the server counted them.
        digest = api_get(WORKER, f"/api/v1/committees/{station['committeeIds'][0]}/digest", days=30)
        panel = d.find_element(By.ID, "station-digest")
        self.assertIn("居委简报", panel.text)
        self.assertEqual(len(panel.find_elements(By.CSS_SELECTOR, ".digest-points li")), len(digest["points"]))
        self.assertEqual(len(panel.find_elements(By.CSS_SELECTOR, ".digest-topics li")), len(digest["suggestedTopics"]))
        self.assertEqual(len(panel.find_elements(By.CSS_SELECTOR, ".digest-patterns li")), len(digest["patterns"]))
        d.execute_script("document.getElementById('station-digest').scrollIntoView()")
        look(self, d, "desk-digest", self.shots, KEYS)

        task = todo[0]
        row = d.find_element(By.CSS_SELECTOR, f"#matter-tasks li[data-item='{task['item']['code']}']")
        row.find_element(By.CSS_SELECTOR, "input").send_keys("消防车道畅通，一辆车已劝离")
        row.find_element(By.CSS_SELECTOR, "button").click()
        WebDriverWait(d, 10).until(lambda d: "done" in d.find_element(By.CSS_SELECTOR, f"#matter-tasks li[data-item='{task['item']['code']}']").get_attribute("class"))
        done_row = d.find_element(By.CSS_SELECTOR, f"#matter-tasks li[data-item='{task['item']['code']}']")
        self.assertIn("消防车道畅通，一辆车已劝离", done_row.text)
        self.assertIn("完成", done_row.text)
        after = api_get(WORKER, f"/api/v1/stations/{station['id']}/matters")
        ticked = [x for x in after["tasks"] if x.get("done")]
        self.assertEqual(len(ticked), len(before["tasks"]) - len(todo) + 1)
        self.assertEqual(next(x for x in ticked if x["item"]["id"] == task["item"]["id"])["done"]["note"], "消防车道畅通，一辆车已劝离")
        self.assertEqual(d.find_element(By.ID, "matter-task-count").text, f"{len(ticked)}/{len(after['tasks'])}")
        look(self, d, "desk-ticked", self.shots, KEYS)

        p = self.phone
        sign_in(p, WORKER)
        p.get(f"{BASE}/console/#/station?station={station['id']}")
        wait_ready(p)
        p.execute_script("document.getElementById('station-matters').scrollIntoView()")
        look(self, p, "desk-phone", self.shots, KEYS)

    def test_2_admin_keeps_the_lists(self):
        d = self.wide
        sign_in(d, "admin")
        d.get(f"{BASE}/console/#/matters")
        look(self, d, "lists", self.shots, KEYS)
        rows = {kind: len(d.find_elements(By.CSS_SELECTOR, f"#matter-items-positive-{kind} tbody tr")) for kind in ["communityCentre", "specialArea", "village"]}
        self.assertEqual(rows, {"communityCentre": 20, "specialArea": 20, "village": 21})
        before = len(d.find_elements(By.CSS_SELECTOR, "#matter-items-responsibility tbody tr"))
        self.assertGreaterEqual(before, 7)

        code = f"ZR-T{int(time.time()) % 100000}"
        Select(d.find_element(By.ID, "matter-list")).select_by_value("responsibility")
        d.find_element(By.ID, "matter-code").send_keys(code)
        d.find_element(By.ID, "matter-name").send_keys("电动自行车充电巡查")
        d.find_element(By.ID, "matter-type-communityCentre").click()
        for words in ["非机动车乱停放", "架空线缆"]:
            search = d.find_element(By.ID, "matter-category-search")
            search.clear()
            search.send_keys(words)
            d.find_element(By.ID, "matter-category-add").click()
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#matter-chosen button")), 2)
        d.find_element(By.ID, "matter-guide").send_keys("夜间巡查楼道飞线充电")
        d.find_element(By.CSS_SELECTOR, "#matter-add button[type=submit]").click()
        WebDriverWait(d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#matter-items-responsibility tr[data-item='{code}']")
                                   or d.find_element(By.CSS_SELECTOR, "#matter-add .error").text)
        self.assertEqual(d.find_element(By.CSS_SELECTOR, "#matter-add .error").text if d.find_elements(By.CSS_SELECTOR, "#matter-add .error") else "", "")
        wait_ready(d)
        item = next(i for i in api_get("admin", "/api/v1/matter-items", list="responsibility") if i["code"] == code)
        self.assertEqual(item["categoryIds"], ["event:0510", "event:0408"])
        self.assertEqual(item["stationTypes"], ["communityCentre"])
        row = d.find_element(By.CSS_SELECTOR, f"#matter-items-responsibility tr[data-item='{code}']")
        row.find_element(By.CSS_SELECTOR, "button").click()
        WebDriverWait(d, 10).until(lambda d: "已停用" in d.find_element(By.CSS_SELECTOR, f"#matter-items-responsibility tr[data-item='{code}']").text)
        self.assertFalse(next(i for i in api_get("admin", "/api/v1/matter-items", list="responsibility") if i["code"] == code)["active"])
        look(self, d, "lists-withdrawn", self.shots, KEYS)

    def test_3_english(self):
        d = self.wide
        sign_in(d, WORKER)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?en={time.time()}#/station")
        wait_ready(d)
        panel = d.find_element(By.ID, "station-matters").text
        self.assertIn("Matters", panel)
        self.assertIn("Positive list", panel)
        self.assertIn("closed out", panel)
        look(self, d, "desk-english", self.shots, KEYS, chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")
