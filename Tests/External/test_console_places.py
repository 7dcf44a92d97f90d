"""重点场所与设施 in headless Chromium against the real server (the demo city):

- an admin opens the base page (盘家底) of a committee whose box of extinguishers nobody maintains: the panel counts the
  places, facilities and findings as the API does, lists the findings alone, and the admin writes in the maintainer
  found — the API has it, the finding is gone from the count;
- a street's duty officer zooms the big screen's map in on a place: the key places and facilities in view drawn as the
  API finds them (一张总图), a finding in red;
- the panel on a 375-px phone, with no sideways scrolling;
- a community worker records a store of hazardous chemicals by tapping its place on the map: the API has it where it
  was tapped, and a second submit of the same form makes no second place.

Screenshots go to CHENGYUN_PLACES_SHOTS (default /tmp/places-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import time

from selenium.webdriver.common.by import By

from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, sign_in, tap_place, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_PLACES_SHOTS", "/tmp/places-shots"))
KEYS = ("places", "base")
STREET_DUTY = "duty.s1"


class KeyPlacePages(DeskAndPhone):
    shots = SHOTS
    page = "#/base"

    def test_1_a_finding_fixed(self):
        d = self.wide
        finding = api_get("admin", "/api/v1/places", unmaintained="true", limit=1)["places"][0]
        counts = api_get("admin", "/api/v1/base-data/counts", nodeId=finding["nodeId"])["counts"]["places"]
        self.assertGreater(counts["unmaintained"], 0)
        sign_in(d, "admin")
        d.get(f"{BASE}/console/?at={time.time()}#/base?node={finding['nodeId']}")
        wait_ready(d)
        self.assertIn(f"{counts['unmaintained']}", d.find_element(By.ID, "places-unmaintained").text)
        listed = api_get("admin", "/api/v1/places", nodeId=finding["nodeId"], limit=50)["places"]
        self.assertEqual([str(p["id"]) for p in listed], [r.get_attribute("data-place") for r in d.find_elements(By.CSS_SELECTOR, "#places-table tbody tr")])
        self.step(d, lambda: d.find_element(By.ID, "places-findings").click())
        rows = d.find_elements(By.CSS_SELECTOR, "#places-table tbody tr")
        self.assertIn(str(finding["id"]), [r.get_attribute("data-place") for r in rows])
        self.assertTrue(all("bad" in r.get_attribute("class") for r in rows), "each finding marked")
        look(self, d, "admin-findings", self.shots, KEYS)
        d.find_element(By.CSS_SELECTOR, f"input[data-place='{finding['id']}']").send_keys("长乐物业")
        self.step(d, lambda: d.find_element(By.CSS_SELECTOR, f"button[data-save='{finding['id']}']").click())
        self.assertEqual("长乐物业", api_get("admin", f"/api/v1/places/{finding['id']}")["maintainer"])
        after = api_get("admin", "/api/v1/base-data/counts", nodeId=finding["nodeId"])["counts"]["places"]
        self.assertEqual(counts["unmaintained"] - 1, after["unmaintained"])
        self.assertNotIn(str(finding["id"]), [r.get_attribute("data-place") for r in d.find_elements(By.CSS_SELECTOR, "#places-table tbody tr")])

    def test_2_places_on_the_city_map(self):
        d = self.wide
        place = api_get(STREET_DUTY, "/api/v1/places", limit=1)["places"][0]
        sign_in(d, STREET_DUTY)
        d.get(f"{BASE}/console/?at={time.time()}#/screen")
        wait_ready(d)
        d.execute_script("document.getElementById('map').leafletMap.setView([arguments[1], arguments[0]], 17)", place["location"]["lon"], place["location"]["lat"])
        WebDriverWait(d, 20).until(lambda d: int(d.find_element(By.ID, "view").get_attribute("data-places") or "0") > 0)
        bbox = d.execute_script("const b = document.getElementById('map').leafletMap.getBounds();"
                                "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(x => x.toFixed(5)).join(',')")
        layer = api_get(STREET_DUTY, "/api/v1/places/map", bbox=bbox)
        self.assertIn(place["id"], [p["id"] for p in layer["places"]])
        self.assertEqual(str(len(layer["places"])), d.find_element(By.ID, "view").get_attribute("data-places"), "every place the API finds in the view")
        look(self, d, "duty-screen-places", self.shots, KEYS + ("screen",))

    def test_3_on_a_phone(self):
        p = self.phone
        self.open(p, "cw.310101001001")
        self.assertTrue(p.find_elements(By.CSS_SELECTOR, "#places-table tbody tr"), "the committee's places listed")
        look(self, p, "worker-places-phone", self.shots, KEYS)

    def test_4_a_worker_records_a_place(self):
        d = self.wide
        worker = "cw.310101001001"
        self.open(d, worker)
        committee = api_get(worker, "/api/v1/base-data/counts")
        compound = api_get(worker, "/api/v1/compounds", nodeId=committee["nodeId"])["compounds"][0]
        before = api_get(worker, "/api/v1/places", nodeId=committee["nodeId"], kind="hazardousChemicals")["places"]
        d.find_element(By.CSS_SELECTOR, "#place-add summary").click()
        WebDriverWait(d, 10).until(lambda d: d.execute_script("const m = document.getElementById('place-map'); return !!(m && m.leafletMap)"))
        Select(d.find_element(By.ID, "place-kind")).select_by_value("hazardousChemicals")
        name = f"长乐化工原料仓库{int(time.time()) % 10000}"
        d.find_element(By.ID, "place-name").send_keys(name)
        d.find_element(By.ID, "place-maintainer").send_keys("长乐化工有限公司")
        lon, lat = compound["location"]["lon"] + 0.0004, compound["location"]["lat"] + 0.0002
        d.execute_script("document.getElementById('place-map').leafletMap.setView([arguments[1], arguments[0]], 17, { animate: false })", lon, lat)
        tap_place(d, lon, lat, map_id="place-map")
        look(self, d, "worker-place-form", self.shots, KEYS)
        d.execute_script("document.getElementById('view').dataset.ready = 'stale'")
        d.execute_script("const f = document.getElementById('place-form'); f.requestSubmit(); f.requestSubmit()")
        wait_ready(d)
        after = api_get(worker, "/api/v1/places", nodeId=committee["nodeId"], kind="hazardousChemicals")["places"]
        self.assertEqual(len(before) + 1, len(after), "one place, though the form was sent twice")
        made = next(p for p in after if p["name"] == name)
        self.assertLess(abs(made["location"]["lon"] - lon), 0.0002, "where it was tapped")
        self.assertLess(abs(made["location"]["lat"] - lat), 0.0002)
        self.assertEqual("长乐化工有限公司", made["maintainer"])
