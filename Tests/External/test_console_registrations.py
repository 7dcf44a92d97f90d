"""扫码注册 in headless Chromium against the real server (the demo city's first committee and street):

- a committee's worker, at 1920 px, sees the registrations waiting and the building groups, opens a group's QR code
  (drawn by the server's own copy of qrcode-generator) and prints it: only the card is printed;
- a newcomer, on a 375-px phone with no account, opens the code's page, registers without an ID number (waiting for
  the committee), is signed in at once and sees the waiting status on 我的上报; a recorded resident registers with their
  ID number and is verified at once;
- the worker verifies the newcomer against a resident of the building, and a refusal without a reason is explained
  in Chinese;
- the first street's duty officer reads the rates of its committees in the tree's order, as the API counts them;
- the English page in English.

Screenshots go to CHENGYUN_REGISTRATION_SHOTS (default /tmp/registration-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, api_token, forget_session, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_REGISTRATION_SHOTS", "/tmp/registration-shots"))
KEYS = ("registrations", "join")
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"
STREET_DUTY = "duty.s1"
STAMP = int(time.time()) % 100000


def first_group():
    groups = api_get(WORKER, "/api/v1/building-groups", limit=200)["groups"]
    return next(g for g in groups if g["group"]["kind"] == "building" and g["buildings"])


class RegistrationPages(DeskAndPhone):
    shots = SHOTS
    page = "#/groups"

    def test_1_worker_prints_a_code(self):
        d = self.wide
        self.open(d, WORKER)
        waiting = api_get(WORKER, "/api/v1/registrations", status="pending")["registrations"]
        self.assertTrue(waiting, "the demo has newcomers waiting")
        shown = [li.get_attribute("data-registration") for li in d.find_elements(By.CSS_SELECTOR, "#registration-pending > li")]
        self.assertEqual([str(r["id"]) for r in waiting], shown)
        self.assertTrue(d.find_elements(By.ID, "registration-figures"), "a committee's own rates as a list")
        group = first_group()
        d.find_element(By.CSS_SELECTOR, f"button[data-qr='{group['group']['id']}']").click()
        card = WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "qr-card"))
        url = card.find_element(By.CLASS_NAME, "qr-card-url").text
        self.assertTrue(url.endswith(f"#/join/{group['group']['registrationCode']}"), url)
        modules = d.execute_script("return document.querySelector('#qr-card svg path').getAttribute('d').split('z').length")
        self.assertGreater(modules, 200, "a QR code drawn module by module")
        look(self, d, "worker-groups", self.shots, KEYS)
        # Printed: the card alone.
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            visible = d.execute_script("return [...document.querySelectorAll('#view section, #view h1')].filter(e => e.offsetParent !== null).map(e => e.id || e.tagName)")
            self.assertEqual(["group-codes"], visible)
            self.assertFalse(d.find_element(By.ID, "qr-print").is_displayed())
            d.save_screenshot(str(self.shots / "worker-print.png"))
        finally:
            d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    def test_2_newcomer_registers_on_a_phone(self):
        p = self.phone
        group = first_group()
        forget_session(p)
        p.get(f"{BASE}/console/?at={time.time()}#/join/{group['group']['registrationCode']}")
        wait_ready(p)
        self.assertIn(group["group"]["name"], p.find_element(By.ID, "join-group").text)
        self.assertFalse(p.find_element(By.ID, "logout").is_displayed(), "nobody is signed in")
        look(self, p, "join-form", self.shots, KEYS)
        p.find_element(By.ID, "join-name").send_keys("钱新来")
        p.find_element(By.ID, "join-phone").send_keys("13700001234")
        Select(p.find_element(By.ID, "join-building")).select_by_index(0)
        p.find_element(By.ID, "join-room").send_keys("2单元501")
        p.find_element(By.ID, "join-username").send_keys(f"qian.{STAMP}")
        p.find_element(By.ID, "join-password").send_keys("qian-xinlai-2026")
        self.step(p, lambda: p.find_element(By.ID, "join-submit").click())
        self.assertEqual("pending", p.find_element(By.ID, "join-status").get_attribute("data-status"))
        look(self, p, "join-pending", self.shots, KEYS)
        p.find_element(By.ID, "join-report").click()
        wait_ready(p)
        self.assertIn("#/report", p.current_url, "signed in at once: straight to reporting")
        p.get(f"{BASE}/console/?at={time.time()}#/mine")
        wait_ready(p)
        self.assertEqual("pending", p.find_element(By.ID, "mine-registration").get_attribute("data-status"))
        look(self, p, "mine-pending", self.shots, KEYS + ("mine", "state"))

    def test_3_recorded_resident_is_verified_at_once(self):
        p = self.phone
        group = first_group()
        building = group["group"]["buildingIds"][0]
        token = api_token(WORKER)
        houses = requests.get(f"{BASE}/api/v1/buildings/{building}/houses", headers={"Authorization": f"Bearer {token}"}).json()
        taken = {r["residentId"] for r in api_get(WORKER, "/api/v1/registrations", status="verified", limit=200)["registrations"]}
        people = [r for h in houses for r in h.get("residents", []) if r["id"] not in taken and r.get("idNumber")]
        self.assertTrue(people, "the building has residents without an account")
        # The worker reads the person's name and ID number for a stated reason (audited), as a resident would know them.
        shown = requests.post(f"{BASE}/api/v1/residents/{people[0]['id']}/reveal", headers={"Authorization": f"Bearer {token}"},
                              json={"reason": "浏览器测试：扫码注册的实名核验"}).json()
        forget_session(p)
        p.get(f"{BASE}/console/?at={time.time()}#/join/{group['group']['registrationCode']}")
        wait_ready(p)
        p.find_element(By.ID, "join-name").send_keys(shown["name"])
        p.find_element(By.ID, "join-phone").send_keys("13700005678")
        Select(p.find_element(By.ID, "join-building")).select_by_value(str(building))
        p.find_element(By.ID, "join-room").send_keys("1单元101")
        p.find_element(By.ID, "join-id").send_keys(shown["idNumber"])
        p.find_element(By.ID, "join-username").send_keys(f"shiming.{STAMP}")
        p.find_element(By.ID, "join-password").send_keys("shiming-hezha-2026")
        self.step(p, lambda: p.find_element(By.ID, "join-submit").click())
        self.assertEqual("verified", p.find_element(By.ID, "join-status").get_attribute("data-status"))
        look(self, p, "join-verified", self.shots, KEYS)

    def test_4_worker_verifies_and_refuses(self):
        d = self.wide
        self.open(d, WORKER)
        waiting = api_get(WORKER, "/api/v1/registrations", status="pending")["registrations"]
        newcomer = next(r for r in waiting if r["name"].startswith("钱"))
        item = d.find_element(By.CSS_SELECTOR, f"#registration-pending > li[data-registration='{newcomer['id']}']")
        item.find_element(By.CSS_SELECTOR, "button[data-open]").click()
        WebDriverWait(d, 10).until(lambda d: item.find_elements(By.CSS_SELECTOR, ".registration-candidates input"))
        # A refusal without a reason: explained in Chinese, nothing decided.
        item.find_element(By.CSS_SELECTOR, "button.registration-refuse").click()
        WebDriverWait(d, 10).until(lambda d: item.find_element(By.CSS_SELECTOR, ".registration-detail .error").text)
        self.assertIn("理由", item.find_element(By.CSS_SELECTOR, ".registration-detail .error").text)
        look(self, d, "worker-refusal-explained", self.shots, KEYS, refusal=True)
        free = [i for i in item.find_elements(By.CSS_SELECTOR, ".registration-candidates input") if i.is_enabled()]
        chosen = free[0].get_attribute("value")
        free[0].click()
        self.step(d, lambda: item.find_element(By.CSS_SELECTOR, "button.registration-verify").click())
        self.assertFalse(d.find_elements(By.CSS_SELECTOR, f"#registration-pending > li[data-registration='{newcomer['id']}']"))
        done = requests.get(f"{BASE}/api/v1/registrations/{newcomer['id']}", headers={"Authorization": f"Bearer {api_token(WORKER)}"}).json()
        self.assertEqual(("verified", int(chosen)), (done["registration"]["status"], done["registration"]["residentId"]))

    def test_5_street_reads_the_rates(self):
        d = self.wide
        self.open(d, STREET_DUTY)
        rates = api_get(STREET_DUTY, "/api/v1/registrations/rates")
        rows = d.find_elements(By.CSS_SELECTOR, "#registration-rates tbody tr")
        self.assertEqual([str(r["nodeId"]) for r in rates["rows"]], [r.get_attribute("data-node") for r in rows])
        for row, counted in zip(rows, rates["rows"]):
            self.assertEqual(str(counted["verified"]), row.find_element(By.CSS_SELECTOR, "td[data-col=verified]").text)
        self.assertFalse(d.find_elements(By.ID, "registration-pending-panel"), "a street reads rates; committees verify")
        look(self, d, "street-rates", self.shots, KEYS)
        self.step(d, lambda: rows[1].find_element(By.CSS_SELECTOR, "button.link").click())
        self.assertTrue(d.find_elements(By.ID, "registration-figures"), "a committee drilled into")

    def test_6_english(self):
        d = self.wide
        sign_in(d, WORKER)
        d.execute_script("localStorage.setItem('cy.lang', 'en')")
        d.get(f"{BASE}/console/?en={time.time()}#/groups")
        wait_ready(d)
        text = d.find_element(By.ID, "view").text
        self.assertIn("Building groups' QR codes", text)
        self.assertIn("Registration rate", text)
        look(self, d, "english", self.shots, KEYS, chinese=False)
        d.execute_script("localStorage.setItem('cy.lang', 'zh-CN')")

    def test_7_worker_sets_a_group_up_and_its_chain(self):
        """楼组包干 in the console: a new building's group, led by a resident who is not a party member with a party member
        as second leader (双楼长制), sent twice = one group; then a street's cadre put on its chain."""
        headers = {"Authorization": f"Bearer {api_token(WORKER)}"}
        me = api_get(WORKER, "/api/v1/me")
        committee = next(a["nodeId"] for a in me["assignments"] if a["role"] == "communityWorker")
        # The last compound: the first one's plan is what the status-map tests compare with the day's drawing.
        compound = api_get(WORKER, "/api/v1/compounds", nodeId=committee)["compounds"][-1]
        built = requests.post(f"{BASE}/api/v1/compounds/{compound['id']}/buildings", headers=headers,
                              json={"number": f"{STAMP % 90 + 100}号", "floors": 2, "units": 1, "housesPerFloor": 1})
        built.raise_for_status()
        building, houses = built.json()["building"], built.json()["houses"]
        for house, (name, member) in zip(houses, [("任新来", False), ("党员甲", True)]):
            requests.post(f"{BASE}/api/v1/residents", headers=headers,
                          json={"nodeId": committee, "houseId": house["id"], "name": name, "kind": "registered", "partyMember": member}).raise_for_status()
        d = self.wide
        self.open(d, WORKER)
        d.find_element(By.CSS_SELECTOR, "#group-setup-panel summary").click()
        d.find_element(By.ID, "group-name").send_keys(f"{building['number']}楼组")
        d.find_element(By.CSS_SELECTOR, f"#group-buildings input[value='{building['id']}']").click()
        WebDriverWait(d, 10).until(lambda x: len(x.find_elements(By.CSS_SELECTOR, "#group-leader option")) == 3)
        leader = next(o for o in d.find_elements(By.CSS_SELECTOR, "#group-leader option") if o.text.startswith("任"))
        Select(d.find_element(By.ID, "group-leader")).select_by_value(leader.get_attribute("value"))
        self.assertTrue(d.find_element(By.ID, "group-second-leader").is_displayed(), "the leader is no party member: a second leader")
        second = Select(d.find_element(By.ID, "group-second-leader"))
        self.assertEqual(2, len(second.options), "party members only")
        second.select_by_index(1)
        d.find_element(By.ID, "group-chat").send_keys("新楼楼组家园群")
        look(self, d, "worker-group-setup", self.shots, KEYS)
        self.step(d, lambda: d.execute_script("const b = document.getElementById('group-setup-submit'); b.click(); b.click();"))
        made = [g for g in api_get(WORKER, "/api/v1/building-groups", limit=200)["groups"] if building["id"] in g["group"]["buildingIds"]]
        self.assertEqual(1, len(made), "one group")
        group = made[0]
        self.assertEqual((f"{building['number']}楼组", "新楼楼组家园群", False), (group["group"]["name"], group["group"]["chatGroup"], group["leaderPartyMember"]))
        self.assertTrue(group["secondLeaderName"].startswith("党"))
        # 包干: the street's duty officer, sent down to the group.
        street_duty = api_get(STREET_DUTY, "/api/v1/me")["id"]
        d.find_element(By.CSS_SELECTOR, f"button[data-chain='{group['group']['id']}']").click()
        form = WebDriverWait(d, 10).until(lambda x: x.find_element(By.CSS_SELECTOR, f"[data-chain='{group['group']['id']}'] form"))
        Select(form.find_element(By.NAME, "user")).select_by_value(str(street_duty))
        Select(form.find_element(By.NAME, "duty")).select_by_value("cadreSentDown")
        self.step(d, lambda: form.find_element(By.CSS_SELECTOR, "button[type=submit]").click())
        cadres = api_get(WORKER, f"/api/v1/building-groups/{group['group']['id']}")["group"]["cadres"]
        self.assertEqual([(street_duty, "cadreSentDown")], [(c["userId"], c["duty"]) for c in cadres])
        self.assertIn("包干（1）", d.find_element(By.CSS_SELECTOR, f"button[data-chain='{group['group']['id']}']").text)
        d.find_element(By.CSS_SELECTOR, f"button[data-chain='{group['group']['id']}']").click()
        chain = WebDriverWait(d, 10).until(lambda x: x.find_element(By.CSS_SELECTOR, f"div[data-chain='{group['group']['id']}']"))
        self.assertIn("下沉干部", chain.text)
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", chain)
        look(self, d, "worker-group-chain", self.shots, KEYS)
