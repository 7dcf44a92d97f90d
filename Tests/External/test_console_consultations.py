"""三会 in headless Chromium against the real server (the demo city's first street):

- a building group's leader, on a 375-px phone, raises a topic for their group;
- the committee's community worker ticks it with a waiting topic, plans a coordination meeting on them, records it held
  with two decisions (owners and due days), carries one out, publishes the notice and records the satisfaction — each
  step on the server once;
- a resident reads the published notice; the street's duty officer follows the meetings; the English page in English.

Screenshots go to CHENGYUN_CONSULT_SHOTS (default /tmp/consult-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_CONSULT_SHOTS", "/tmp/consult-shots"))
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"
LEADER = f"lz.{COMMITTEE}"
KEYS = ("consult",)


class ConsultationPages(DeskAndPhone):
    shots = SHOTS
    page = "#/consultations"

    def meeting(self, d, consultation):
        return d.find_element(By.CSS_SELECTOR, f"article[data-consultation='{consultation}']")

    def test_1_from_a_topic_to_the_notice(self):
        p = self.phone
        self.open(p, LEADER)
        text = f"楼道灯坏了，晚上看不清 {int(time.time()) % 10000}"
        p.find_element(By.ID, "topic-text").send_keys(text)
        self.step(p, lambda: p.find_element(By.CSS_SELECTOR, "#topic-raise button").click())
        self.assertIn(text, p.find_element(By.ID, "consult-topics").text)
        look(self, p, "leader-phone", self.shots, KEYS)

        d = self.wide
        self.open(d, WORKER)
        topics = api_get(WORKER, "/api/v1/consultation-topics")
        mine = next(x for x in topics if x["text"] == text)
        self.assertTrue(mine.get("buildingGroupName"), "raised for the leader's group")
        other = next(x for x in topics if x["id"] != mine["id"])
        look(self, d, "worker-before", self.shots, KEYS)
        for topic in (mine, other):
            d.find_element(By.ID, f"topic-{topic['id']}").click()
        Select(d.find_element(By.ID, "consult-kind")).select_by_value("coordination")
        d.find_element(By.ID, "consult-title").send_keys("楼道照明与其他事项协调会")
        d.find_element(By.ID, "consult-host").send_keys("王主任")
        d.find_element(By.ID, "consult-place").send_keys("居委会议室")
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, "#consult-plan button[type=submit]").click())
        made = api_get(WORKER, "/api/v1/community-consultations")["consultations"][0]
        self.assertEqual((made["title"], made["status"], sorted(made["topicIds"])), ("楼道照明与其他事项协调会", "planned", sorted([mine["id"], other["id"]])))
        self.assertFalse(d.find_elements(By.ID, f"topic-{mine['id']}"), "a topic taken up leaves the waiting list")

        card = self.meeting(d, made["id"])
        card.find_element(By.NAME, "participants").send_keys("居委、物业、楼组长")
        card.find_element(By.NAME, "count").send_keys("12")
        card.find_element(By.CSS_SELECTOR, ".consult-held button.secondary").click()
        rows = card.find_elements(By.CSS_SELECTOR, ".consult-decision-rows .consult-row")
        self.assertEqual(len(rows), 2)
        for row, (what, who, due) in zip(rows, [("更换楼道灯", "物业", "2030-01-10"), ("楼组长每周巡查照明", "楼组长", "2030-02-01")]):
            row.find_element(By.CSS_SELECTOR, ".d-text").send_keys(what)
            row.find_element(By.CSS_SELECTOR, ".d-owner").send_keys(who)
            d.execute_script("arguments[0].value = arguments[1]", row.find_element(By.CSS_SELECTOR, ".d-due"), due)
        self.step(d, lambda: self.meeting(d, made["id"]).find_element(By.CSS_SELECTOR, ".consult-held button[type=submit]").click())
        held = api_get(WORKER, f"/api/v1/community-consultations/{made['id']}")
        self.assertEqual(held["status"], "held")
        self.assertEqual([(x["text"], x["owner"], x["dueOn"]) for x in held["decisions"]],
                         [("更换楼道灯", "物业", "2030-01-10"), ("楼组长每周巡查照明", "楼组长", "2030-02-01")])

        self.step(d, lambda: self.meeting(d, made["id"]).find_element(By.CSS_SELECTOR, ".consult-decisions li[data-ordinal='1'] button").click())
        self.assertIn("已办结", self.meeting(d, made["id"]).find_element(By.CSS_SELECTOR, ".consult-decisions li[data-ordinal='1']").text)
        card = self.meeting(d, made["id"])
        card.find_element(By.CSS_SELECTOR, "textarea").send_keys("经协调，物业更换楼道灯，楼组长每周巡查。")
        self.step(d, lambda: self.meeting(d, made["id"]).find_element(By.CSS_SELECTOR, ".consult-publish").click())
        card = self.meeting(d, made["id"])
        asked, happy = card.find_elements(By.CSS_SELECTOR, "input[type=number]")
        asked.send_keys("40")
        happy.send_keys("39")
        self.step(d, lambda: self.meeting(d, made["id"]).find_element(By.CSS_SELECTOR, ".consult-row button.secondary").click())
        final = api_get(WORKER, f"/api/v1/community-consultations/{made['id']}")
        self.assertEqual((final["status"], final["surveyed"], final["satisfied"]), ("published", 40, 39))
        self.assertTrue(final["decisions"][0].get("doneAt") and not final["decisions"][1].get("doneAt"))
        self.assertIn("满意度 98%", self.meeting(d, made["id"]).text)
        look(self, d, "worker-after", self.shots, KEYS)

        # 公示: a resident reads it; the street follows the committee's meetings.
        self.open(p, "resident1")
        self.assertIn("经协调，物业更换楼道灯", p.find_element(By.ID, "consult-list").text)
        self.assertFalse(p.find_elements(By.ID, "consult-topic-panel"), "residents read notices, not the topics")
        look(self, p, "resident-phone", self.shots, KEYS)
        self.open(d, "duty.s1")
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, f"article[data-consultation='{made['id']}']"))
        self.assertFalse(d.find_elements(By.ID, "consult-plan"), "the street follows, the committee runs them")

    def test_2_english(self):
        d = self.wide
        sign_in(d, WORKER)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?en={time.time()}#/consultations")
        wait_ready(d)
        text = d.find_element(By.ID, "view").text
        self.assertIn("Consultations", text)
        self.assertIn("Hearing", text)
        look(self, d, "english", self.shots, KEYS, chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")
