"""重点场所与设施 in headless Chromium against the real server (the demo city):

- an admin opens the base page (盘家底) of a committee whose box of extinguishers nobody maintains: the panel counts the
  places, facilities and findings as the API does, lists the findings alone, and the admin writes in the maintainer
  found — the API has it, the finding is gone from the count;
- a street's duty officer zooms the big screen's map in on a place: the key places and facilities in view drawn as the
  API finds them (一张总图), a finding in red, and the compounds in view outlined (小区);
- the panel on a 375-px phone, with no sideways scrolling;
- a community worker records a store of hazardous chemicals by tapping its place on the map: the API has it where it
  was tapped, and a second submit of the same form makes no second place;
- the worker changes a place's kind, name and point, and imports a department's list of hydrants: a wrong row refuses
  the file with its reason in Chinese, the corrected file goes in once.

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
        # 小区: the compounds in view outlined as the API finds them.
        WebDriverWait(d, 20).until(lambda d: int(d.find_element(By.ID, "view").get_attribute("data-compounds") or "0") > 0)
        bbox = d.execute_script("const b = document.getElementById('map').leafletMap.getBounds();"
                                "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(x => x.toFixed(5)).join(',')")
        outlined = api_get(STREET_DUTY, "/api/v1/compounds/map", bbox=bbox)
        self.assertEqual(str(len(outlined["compounds"])), d.find_element(By.ID, "view").get_attribute("data-compounds"), "every compound the API finds in the view")
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

    def test_5_a_worker_changes_a_place_and_imports_a_list(self):
        """A place's kind, name and point changed in the console (on its version); a department's list imported: a wrong
        row refuses the file with each reason in Chinese, the corrected file is imported once."""
        d = self.wide
        worker = "cw.310101001001"
        committee = api_get(worker, "/api/v1/base-data/counts")
        place = next(p for p in api_get(worker, "/api/v1/places", nodeId=committee["nodeId"], limit=200)["places"] if p["kind"] == "ebikeCharging")
        self.open(d, worker)
        d.find_element(By.CSS_SELECTOR, f"button[data-edit='{place['id']}']").click()
        WebDriverWait(d, 10).until(lambda d: d.execute_script("const m = document.getElementById('place-edit-map'); return !!(m && m.leafletMap)"))
        self.assertEqual(place["name"], d.find_element(By.ID, "place-edit-name").get_attribute("value"), "the form starts from the place")
        Select(d.find_element(By.ID, "place-edit-kind")).select_by_value("miniFireStation")
        name = d.find_element(By.ID, "place-edit-name")
        name.clear()
        name.send_keys(f"{place['name']}（改建微型消防站）")
        lon, lat = place["location"]["lon"] + 0.0003, place["location"]["lat"] - 0.0002
        d.execute_script("document.getElementById('place-edit-map').leafletMap.setView([arguments[1], arguments[0]], 17, { animate: false })", lon, lat)
        tap_place(d, lon, lat, map_id="place-edit-map")
        look(self, d, "worker-place-change", self.shots, KEYS)
        self.step(d, lambda: d.find_element(By.ID, "place-save").click())
        changed = api_get(worker, f"/api/v1/places/{place['id']}")
        self.assertEqual(("miniFireStation", place["version"] + 1), (changed["kind"], changed["version"]))
        self.assertTrue(changed["name"].endswith("（改建微型消防站）"))
        self.assertLess(abs(changed["location"]["lon"] - lon), 0.0002, "moved where it was tapped")
        # A department's list: a wrong row refuses the whole file, each reason in Chinese; the corrected file goes in once.
        stamp = int(time.time()) % 100000
        point = f"{place['location']['lon']},{place['location']['lat']}"
        bad = SHOTS / "hydrants-bad.csv"
        bad.write_text(f"编码,类型,名称,经度,纬度,维护单位\nXF-{stamp}-1,消火栓,长乐路1号消火栓,{point},区消防救援支队\nXF-{stamp}-2,水塔,长乐路水塔,{point},\n", encoding="utf-8")
        d.find_element(By.ID, "place-import-file").send_keys(str(bad))
        d.find_element(By.ID, "place-import-send").click()
        report = WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "place-import-report"))
        self.assertIn("3", report.text)
        self.assertIn("整个文件都没有导入", d.find_element(By.ID, "place-import-result").text)
        d.execute_script("document.getElementById('place-import-result').scrollIntoView({block: 'center'})")
        look(self, d, "worker-place-import-refused", self.shots, KEYS, refusal=True)
        good = SHOTS / "hydrants.csv"
        good.write_text(f"编码,类型,名称,经度,纬度,维护单位\nXF-{stamp}-1,消火栓,长乐路1号消火栓,{point},区消防救援支队\nXF-{stamp}-2,消火栓,长乐路9号消火栓,{point},\n", encoding="utf-8")
        before = api_get(worker, "/api/v1/base-data/counts")["counts"]["places"]
        d.execute_script("document.getElementById('view').dataset.ready = 'stale'")
        d.find_element(By.ID, "place-import-file").send_keys(str(good))
        d.find_element(By.ID, "place-import-send").click()
        wait_ready(d)
        after = api_get(worker, "/api/v1/base-data/counts")["counts"]["places"]
        self.assertEqual((before["facilities"] + 2, before["unmaintained"] + 1), (after["facilities"], after["unmaintained"]), "two hydrants, one nobody maintains")
