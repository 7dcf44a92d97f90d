"""拉网式排摸 in headless Chromium against the real server (the demo city's sweep over its first street):

- a building-group leader signs in on a 375-px phone and lands on their group's sweep; the phone goes offline
  (Chromium's network emulation), two houses are taken and kept on the phone as waiting, the server has neither;
  a taking whose answer was lost is queued a second time; back online, the phone sends what waited: the server has
  each house once, the sweep's count went up by two, and the phone says all is sent;
- the street's duty officer follows the sweep's progress from the street down to a committee's building groups, at
  1920 and at 375 px, and a community worker corrects the base data from a difference (综合比对).

Chinese with no English and no raw key, no sideways scrolling; the English page in English.
Screenshots go to CHENGYUN_SWEEP_SHOTS (default /tmp/sweep-shots/).
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

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_SWEEP_SHOTS", "/tmp/sweep-shots"))
COMMITTEE = "310101001001"
LEADER = f"lz.{COMMITTEE}"
WORKER = f"cw.{COMMITTEE}"
DUTY = "duty.s1"




def offline(driver, on):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


class SweepPages(DeskAndPhone):
    shots = SHOTS

    def look(self, d, name, chinese=True):
        look(self, d, name, self.shots, ('sweeps', 'sweepWork', 'base'), chinese)

    def waiting(self, d):
        return int(d.find_element(By.ID, "sweep-waiting").get_attribute("data-waiting"))

    def take(self, d, subject, use, residents):
        d.find_element(By.CSS_SELECTOR, f".sweep-house[data-subject='{subject}']").click()
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "sweep-form").is_displayed())
        Select(d.find_element(By.ID, "sweep-method")).select_by_value("doorIntercom")
        Select(d.find_element(By.ID, "sweep-q-houseUse")).select_by_value(use)
        field = d.find_element(By.ID, "sweep-q-residents")
        field.clear()
        field.send_keys(str(residents))
        d.find_element(By.ID, "sweep-save").click()
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, f".sweep-house[data-subject='{subject}']").get_attribute("data-mark") in ("pending", "done"))

    def test_leader_phone_offline_and_back(self):
        d = self.phone
        work = api_get(LEADER, "/api/v1/sweeps/mine")
        group = work["groups"][0]
        sweep = group["sweeps"][0]
        building = group["buildings"][0]["id"]
        before = api_get(DUTY, f"/api/v1/sweeps/{sweep['id']}")["progress"]["done"]
        targets = api_get(LEADER, f"/api/v1/sweeps/{sweep['id']}/targets", buildingId=building)
        todo = [x["subjectId"] for x in targets if not x.get("result")]
        self.assertGreaterEqual(len(todo), 2, "the demo leaves houses to do")

        sign_in(d, LEADER)
        self.assertIn("#/sweep-work", d.current_url, "a building-group leader lands on their sweep")
        menu = d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => [a.getAttribute('href'), a.textContent])")
        self.assertIn(["#/sweep-work", "楼组排摸"], menu)
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".sweep-house"))
        marks = {int(b.get_attribute("data-subject")): b.get_attribute("data-mark") for b in d.find_elements(By.CSS_SELECTOR, ".sweep-house")}
        self.assertEqual({x["subjectId"]: ("done" if x.get("result") else "todo") for x in targets}, marks)
        self.look(d, "leader-phone-online")

        offline(d, True)
        try:
            d.execute_script("window.dispatchEvent(new Event('offline'))")
            self.take(d, todo[0], "rented", 3)
            self.take(d, todo[1], "vacant", 0)
            self.assertEqual(self.waiting(d), 2, "both wait on the phone")
            self.assertIn("离线", d.find_element(By.ID, "sweep-sync").text)
            self.assertEqual([b.get_attribute("data-mark") for b in d.find_elements(By.CSS_SELECTOR, f".sweep-house[data-subject='{todo[0]}'], .sweep-house[data-subject='{todo[1]}']")],
                             ["pending", "pending"])
            self.look(d, "leader-phone-offline")
            on_server = {x["subjectId"]: x.get("result") for x in api_get(LEADER, f"/api/v1/sweeps/{sweep['id']}/targets", buildingId=building)}
            self.assertIsNone(on_server[todo[0]])
            self.assertIsNone(on_server[todo[1]])
            # A taking whose answer was lost goes out again: the same key.
            d.execute_script("const q = JSON.parse(localStorage.getItem('cy.sweep.queue')); q.push(q[0]); localStorage.setItem('cy.sweep.queue', JSON.stringify(q));")
        finally:
            offline(d, False)
        d.execute_script("window.dispatchEvent(new Event('online'))")
        WebDriverWait(d, 30).until(lambda d: self.waiting(d) == 0)
        on_server = {x["subjectId"]: x.get("result") for x in api_get(LEADER, f"/api/v1/sweeps/{sweep['id']}/targets", buildingId=building)}
        self.assertEqual(on_server[todo[0]]["answers"]["houseUse"], "rented")
        self.assertEqual(on_server[todo[0]]["method"], "doorIntercom")
        self.assertEqual(on_server[todo[1]]["answers"]["residents"], "0")
        self.assertEqual(api_get(DUTY, f"/api/v1/sweeps/{sweep['id']}")["progress"]["done"], before + 2, "each house once")
        self.assertEqual(d.execute_script("return localStorage.getItem('cy.sweep.queue')"), "[]")
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, f".sweep-house[data-subject='{todo[0]}']").get_attribute("data-mark") == "done")
        self.assertIn("全部已上传", d.find_element(By.ID, "sweep-sync").text)
        self.look(d, "leader-phone-sent")

    def test_progress_and_correction(self):
        for d, size in [(self.wide, "1920"), (self.phone, "375")]:
            sign_in(d, DUTY)
            d.get(f"{BASE}/console/?at={time.time()}#/sweeps")
            wait_ready(d)
            self.assertTrue(d.find_elements(By.CSS_SELECTOR, "#sweep-list [data-sweep]"))
            total = d.find_element(By.ID, "sweep-total").text
            self.assertRegex(total, r"已摸 [\d,]+ / [\d,]+")
            self.look(d, f"sweeps-street-{size}")
            link = d.find_elements(By.CSS_SELECTOR, "#sweep-progress tbody th a")
            self.assertTrue(link, "committees to drill into")
            link[0].click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "sweep-up"))
            wait_ready(d)
            groups = d.find_elements(By.CSS_SELECTOR, "#sweep-progress tbody tr")
            self.assertTrue(groups and all(g.get_attribute("data-group") for g in groups), "a committee's rows are its building groups")
            self.look(d, f"sweeps-committee-{size}")

        # 准入清单: the city's items for everyone; an administrator adds one with its staggered windows.
        d = self.wide
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, "#admission-items tr[data-item='PM-RK']"), "the city's items on the list")
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, "#sweep-admission option[value='PM-RK']"), "a sweep is launched under an item")
        sign_in(d, "admin")
        d.get(f"{BASE}/console/?at={time.time()}#/sweeps")
        wait_ready(d)
        d.find_element(By.ID, "admission-code").send_keys("PM-QY")
        d.find_element(By.ID, "admission-name").send_keys("企业排摸")
        d.find_element(By.CSS_SELECTOR, "#admission-add button[type=submit]").click()
        WebDriverWait(d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#admission-items tr[data-item='PM-QY']"))
        wait_ready(d)
        self.assertIn("每批间隔 30 分钟", d.find_element(By.CSS_SELECTOR, "#admission-items tr[data-item='PM-QY']").text)
        self.look(d, "sweeps-admission")

        sign_in(d, WORKER)
        d.get(f"{BASE}/console/?at={time.time()}#/sweeps")
        wait_ready(d)
        apply = d.find_elements(By.CSS_SELECTOR, "#sweep-differences .sweep-apply")
        self.assertTrue(apply, "the demo's sweep found houses in another use than recorded")
        row = apply[0].find_element(By.XPATH, "./ancestor::tr")
        subject = row.get_attribute("data-subject")
        apply[0].click()
        WebDriverWait(d, 10).until(lambda d: "已更正" in row.text)
        sweep = api_get(WORKER, "/api/v1/sweeps")["sweeps"][0]["sweep"]
        found = [x for x in api_get(WORKER, f"/api/v1/sweeps/{sweep['id']}/differences", limit=200)["differences"] if str(x["result"]["subjectId"]) == subject]
        self.assertTrue(not found or found[0]["currentUse"] == found[0]["result"]["answers"]["houseUse"], "the base data now says what was found")
        self.look(d, "sweeps-corrected")

        # The committee's worker takes results too, on the same phone page: every building of the committee.
        p = self.phone
        sign_in(p, WORKER)
        menu = p.execute_script("return [...document.querySelectorAll('#menu a')].map(a => [a.getAttribute('href'), a.textContent])")
        self.assertIn(["#/sweep-work", "排摸填报"], menu)
        p.get(f"{BASE}/console/?at={time.time()}#/sweep-work")
        wait_ready(p)
        self.assertGreaterEqual(len(p.find_elements(By.CSS_SELECTOR, "#sweep-buildings button")), 2, "the committee's buildings")
        self.assertTrue(p.find_elements(By.CSS_SELECTOR, ".sweep-house"))
        self.look(p, "worker-phone")

        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?at={time.time()}#/sweeps")
        wait_ready(d)
        text = d.find_element(By.ID, "view").text
        self.assertIn("Sweeps", text)
        self.assertIn("Reconciliation", text)
        self.look(d, "sweeps-english", chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")


if __name__ == "__main__":
    unittest.main()
