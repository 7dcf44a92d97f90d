"""志愿服务 in headless Chromium against the real server (the demo city's first committee):

- a volunteer (`jm.<committee>.3`), on a 375-px phone, sees their points and grabs the stairwell clean-up (抢单):
  the place is theirs, a second press changes nothing;
- a verified resident who does not volunteer yet (`jm.<committee>.1`) joins on the phone;
- the committee's worker, at 1920 px, confirms the volunteer's place done (the points and the hours of service are
  credited, the hours shown in the volunteers' table; a micro-wish posted with 0.5 h is stored as 30 minutes; as the API
  counts them), posts a micro-wish for a resident living alone, and sets up a team;
- the English page in English;
- 积分兑换: a volunteer with points exchanges a towel on the phone (pressed twice: one exchange), the worker hands it
  over and restocks.

Screenshots go to CHENGYUN_VOLUNTEER_SHOTS (default /tmp/volunteer-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_VOLUNTEER_SHOTS", "/tmp/volunteer-shots"))
KEYS = ("volunteers",)
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"
VOLUNTEER = f"jm.{COMMITTEE}.3"
NEWCOMER = f"jm.{COMMITTEE}.1"


class VolunteerPages(DeskAndPhone):
    shots = SHOTS
    page = "#/volunteers"

    def test_1_volunteer_grabs_on_a_phone(self):
        p = self.phone
        me = api_get(VOLUNTEER, "/api/v1/volunteers/me")
        self.open(p, VOLUNTEER)
        self.assertEqual(str(me["volunteer"]["points"]), p.find_element(By.ID, "volunteer-points").text)
        self.assertEqual(str(round(me["volunteer"].get("minutes", 0) / 60, 1)).removesuffix(".0"), p.find_element(By.ID, "volunteer-hours").text)
        open_tasks = api_get(VOLUNTEER, "/api/v1/volunteer-tasks")["tasks"]
        cleaning = next(t for t in open_tasks if t["task"]["title"] == "楼道堆物清理")
        item = p.find_element(By.CSS_SELECTOR, f"#volunteer-open li[data-task='{cleaning['task']['id']}']")
        look(self, p, "volunteer-open", self.shots, KEYS)
        if not cleaning["mine"]:
            self.step(p, lambda: item.find_element(By.CSS_SELECTOR, "button.volunteer-grab").click())
        item = p.find_element(By.CSS_SELECTOR, f"#volunteer-open li[data-task='{cleaning['task']['id']}']")
        self.assertTrue(item.find_elements(By.CSS_SELECTOR, "[data-mine=true]"), "the place is the volunteer's")
        self.assertTrue(p.find_elements(By.CSS_SELECTOR, f"#volunteer-places li[data-task='{cleaning['task']['id']}']"))
        look(self, p, "volunteer-grabbed", self.shots, KEYS)

    def test_2_resident_joins(self):
        p = self.phone
        self.open(p, NEWCOMER)
        p.find_element(By.ID, "volunteer-skills").send_keys("家电维修")
        self.step(p, lambda: p.find_element(By.ID, "volunteer-join-submit").click())
        self.assertEqual("0", p.find_element(By.ID, "volunteer-points").text)
        self.assertEqual("家电维修", api_get(NEWCOMER, "/api/v1/volunteers/me")["volunteer"]["skills"])

    def test_3_worker_confirms_and_posts(self):
        d = self.wide
        self.open(d, WORKER)
        volunteer = api_get(VOLUNTEER, "/api/v1/volunteers/me")["volunteer"]
        tasks = api_get(WORKER, "/api/v1/volunteer-tasks", nodeId=volunteer["nodeId"])["tasks"]
        cleaning = next(t for t in tasks if t["task"]["title"] == "楼道堆物清理")
        row = d.find_element(By.CSS_SELECTOR, f"#task-list li[data-task='{cleaning['task']['id']}'] li[data-volunteer='{volunteer['id']}']")
        self.step(d, lambda: row.find_element(By.CSS_SELECTOR, "button.task-confirm").click())
        credited = api_get(VOLUNTEER, "/api/v1/volunteers/me")["volunteer"]
        after = credited["points"]
        self.assertEqual(volunteer["points"] + cleaning["task"]["points"], after, "the task's points credited")
        self.assertEqual(90, cleaning["task"]["minutes"], "the demo's clean-up takes an hour and a half")
        self.assertEqual(volunteer.get("minutes", 0) + 90, credited["minutes"], "and its hours of service")
        cell = d.find_element(By.CSS_SELECTOR, f"#volunteer-table tr[data-volunteer='{volunteer['id']}'] td[data-hours]")
        self.assertEqual(str(credited["minutes"]), cell.get_attribute("data-hours"))
        row = d.find_element(By.CSS_SELECTOR, f"#task-list li[data-task='{cleaning['task']['id']}'] li[data-volunteer='{volunteer['id']}']")
        self.assertIn(f"+{cleaning['task']['points']}", row.text)
        # A micro-wish for a resident living alone.
        Select(d.find_element(By.ID, "task-kind")).select_by_value("microWish")
        self.assertTrue(d.find_element(By.ID, "task-beneficiary").is_displayed())
        self.assertFalse(d.find_element(By.ID, "task-slots").is_displayed())
        title = f"想理个发 {int(time.time()) % 100000}"
        d.find_element(By.ID, "task-title").send_keys(title)
        hours = d.find_element(By.ID, "task-hours")
        hours.clear()
        hours.send_keys("0.5")
        self.step(d, lambda: d.find_element(By.ID, "task-post").click())
        posted = [t for t in api_get(WORKER, "/api/v1/volunteer-tasks", nodeId=volunteer["nodeId"])["tasks"] if t["task"]["title"] == title]
        self.assertEqual(1, len(posted))
        self.assertEqual(("microWish", 1, 30), (posted[0]["task"]["kind"], posted[0]["task"]["slots"], posted[0]["task"]["minutes"]))
        self.assertTrue(posted[0]["beneficiaryName"])
        # A team.
        form = d.find_element(By.ID, "team-form")
        Select(form.find_element(By.NAME, "kind")).select_by_value("vanguard")
        form.find_element(By.NAME, "name").send_keys("青年突击队")
        self.step(d, lambda: form.find_element(By.CSS_SELECTOR, "button[type=submit]").click())
        self.assertIn("青年突击队", d.find_element(By.ID, "volunteer-list").text)
        look(self, d, "worker", self.shots, KEYS)

    def test_4_english(self):
        d = self.wide
        sign_in(d, VOLUNTEER)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?en={time.time()}#/volunteers")
        wait_ready(d)
        self.assertIn("My points", d.find_element(By.ID, "view").text)
        look(self, d, "english", self.shots, KEYS, chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")

    def test_5_points_exchanged_and_handed_over(self):
        """积分兑换: a volunteer with points exchanges a towel on the phone (pressed twice: one exchange, the points spent
        once); the committee's worker hands it over and restocks."""
        second = f"jm.{COMMITTEE}.4"
        p = self.phone
        me = api_get(second, "/api/v1/volunteers/me")
        balance = me["volunteer"]["points"] - me["volunteer"].get("spent", 0)
        towel = next(i for i in api_get(second, "/api/v1/rewards") if i["name"] == "毛巾")
        self.assertGreaterEqual(balance, towel["cost"], "the demo confirmed points for this volunteer")
        self.open(p, second)
        self.assertEqual(str(balance), p.find_element(By.ID, "volunteer-balance").text)
        card = p.find_element(By.CSS_SELECTOR, f"#reward-shop li[data-reward='{towel['id']}']")
        button = card.find_element(By.CSS_SELECTOR, "button.reward-redeem")
        self.step(p, lambda: p.execute_script("arguments[0].click(); arguments[0].click();", button))
        after = api_get(second, "/api/v1/volunteers/me")
        self.assertEqual(balance - towel["cost"], after["volunteer"]["points"] - after["volunteer"]["spent"], "spent once")
        made = [r for r in after["redemptions"] if r["itemId"] == towel["id"] and r["state"] == "requested"]
        self.assertEqual(1, len(made), "one exchange")
        self.assertIn("待领取", p.find_element(By.CSS_SELECTOR, f"#reward-mine li[data-redemption='{made[0]['id']}']").text)
        p.execute_script("document.getElementById('reward-shop').scrollIntoView()")
        look(self, p, "volunteer-rewards", self.shots, KEYS)
        # The worker hands it over and restocks the towels.
        d = self.wide
        self.open(d, WORKER)
        row = d.find_element(By.CSS_SELECTOR, f"#reward-exchanges li[data-redemption='{made[0]['id']}']")
        self.step(d, lambda: row.find_element(By.CSS_SELECTOR, "button.reward-hand-over").click())
        done = next(r for r in api_get(second, "/api/v1/volunteers/me")["redemptions"] if r["id"] == made[0]["id"])
        self.assertEqual("handedOver", done["state"])
        stock = int(d.find_element(By.CSS_SELECTOR, f"#reward-table tr[data-reward='{towel['id']}'] td[data-col=stock]").text)
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, f"#reward-table tr[data-reward='{towel['id']}'] button.reward-restock").click())
        self.assertEqual(str(stock + 5), d.find_element(By.CSS_SELECTOR, f"#reward-table tr[data-reward='{towel['id']}'] td[data-col=stock]").text)
        d.execute_script("document.getElementById('reward-admin').scrollIntoView()")
        look(self, d, "worker-rewards", self.shots, KEYS)
