"""楼组通知 in headless Chromium against the real server (the demo city's first committee):

- the committee's worker, at 1920 px, writes a notice to every building group on #/groups;
- a registered resident (`jm.<committee>.1`), on a 375-px phone, finds it on 我的上报, new, and reading it counts once;
- the building-group leader (`lz.<committee>`), on the phone, copies the text for the group's chat and marks it
  relayed;
- the worker sees one read and one group's chat reached, as the API counts them.

Screenshots go to CHENGYUN_NOTICE_SHOTS (default /tmp/notice-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

from selenium.webdriver.common.by import By

from test_console import BASE, WebDriverWait, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_NOTICE_SHOTS", "/tmp/notice-shots"))
KEYS = ("notices", "registrations")
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"
RESIDENT = f"jm.{COMMITTEE}.1"
LEADER = f"lz.{COMMITTEE}"
TITLE = f"停水通知 {int(time.time()) % 100000}"


def notice_id():
    return next(v["notice"]["id"] for v in api_get(WORKER, "/api/v1/group-notices") if v["notice"]["title"] == TITLE)


class NoticePages(DeskAndPhone):
    shots = SHOTS
    page = "#/groups"

    def test_1_worker_writes(self):
        d = self.wide
        self.open(d, WORKER)
        d.find_element(By.ID, "notice-title").send_keys(TITLE)
        d.find_element(By.ID, "notice-body").send_keys("明天上午 9 点至 12 点检修水管，请提前储水。")
        self.step(d, lambda: d.find_element(By.ID, "notice-send").click())
        item = d.find_element(By.CSS_SELECTOR, f"#notice-list li[data-notice='{notice_id()}']")
        self.assertIn("全部楼组", item.text)
        look(self, d, "worker-notices", self.shots, KEYS)

    def test_2_resident_reads(self):
        p = self.phone
        sign_in(p, RESIDENT)    # a resident's home is 我的上报: the notice as first shown
        self.assertIn("#/mine", p.current_url)
        item = p.find_element(By.CSS_SELECTOR, f"#my-notices li[data-notice='{notice_id()}']")
        self.assertEqual("false", item.get_attribute("data-read"), "new until read")
        look(self, p, "resident-notice", self.shots, KEYS + ("mine", "state"))
        WebDriverWait(p, 10).until(lambda _: next(i for i in api_get(RESIDENT, "/api/v1/group-notices/mine")["items"] if i["notice"]["notice"]["id"] == notice_id())["read"])

    def test_3_leader_relays(self):
        p = self.phone
        sign_in(p, LEADER)
        p.get(f"{BASE}/console/?at={time.time()}#/mine")
        wait_ready(p)
        item = p.find_element(By.CSS_SELECTOR, f"#my-notices li[data-notice='{notice_id()}']")
        box = item.find_element(By.CSS_SELECTOR, ".notice-relay textarea")
        self.assertIn(TITLE, box.get_attribute("value"))
        self.assertIn("#/mine", box.get_attribute("value"), "the text links back to the platform")
        item.find_element(By.CSS_SELECTOR, "button.notice-copy").click()
        self.step(p, lambda: item.find_element(By.CSS_SELECTOR, "button.notice-mark").click())
        item = p.find_element(By.CSS_SELECTOR, f"#my-notices li[data-notice='{notice_id()}']")
        self.assertTrue(item.find_elements(By.CSS_SELECTOR, "[data-relayed=true]"))
        look(self, p, "leader-relayed", self.shots, KEYS + ("mine", "state"))

    def test_4_worker_sees_the_reach(self):
        d = self.wide
        self.open(d, WORKER)
        counted = next(v for v in api_get(WORKER, "/api/v1/group-notices") if v["notice"]["title"] == TITLE)
        self.assertEqual((1, 1), (counted["notice"]["reads"], counted["relayed"]))
        item = d.find_element(By.CSS_SELECTOR, f"#notice-list li[data-notice='{counted['notice']['id']}']")
        self.assertIn(f"已读 1/{counted['notice']['audience']}", item.text)
        self.assertIn(f"已转发 1/{counted['groupCount']}", item.text)
