"""A resident's words are text on every page, and the session is out of any script's reach (issue 14, finding 1).

A resident reports a case whose address and description are HTML that would run script; the city's duty officer
opens it in Chromium and hovers its place on the map. Nothing runs, the tooltip shows the address as written, the
session is an HttpOnly cookie that neither document.cookie nor localStorage holds, and the page is served under a
Content-Security-Policy that forbids inline script. The big screen's hotspot tooltips and popups are text and links.
"""
import time
import unittest

import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from test_console import BASE, LAT, LON, SHOTS, WebDriverWait, api_token, browser, sign_in, text_of, wait_ready

ADDRESS = '<img src=x onerror="window.__xss=1">'
DESCRIPTION = "<script>window.__xss=2</script>"

# Registered before any page script runs: every Content-Security-Policy violation the page meets.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def policy(header):
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


class HostileTextTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SHOTS.mkdir(parents=True, exist_ok=True)
        resident = {"Authorization": f"Bearer {api_token('resident1')}"}
        made = requests.post(f"{BASE}/api/v1/cases", headers=resident,
                             json={"source": "resident", "categoryId": "event:0110", "description": DESCRIPTION, "address": ADDRESS,
                                   "location": {"lon": LON, "lat": LAT}})
        assert made.status_code == 201, made.text
        cls.case = made.json()
        cls.d = browser(1920, 1080)
        cls.d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})

    @classmethod
    def tearDownClass(cls):
        cls.d.quit()

    def open_case_as_duty(self):
        d = self.d
        sign_in(d, "duty")
        d.get(f"{BASE}/console/?at={time.time()}#/case/{self.case['id']}")
        wait_ready(d)
        return d

    def show_place_tooltip(self, d):
        """Hovers the case's place on the map; a mouseover sent to the marker itself if the pointer misses it."""
        # The place is the last shape drawn on the map, over its grid's outline.
        place = WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#case-map path.leaflet-interactive")[-1])
        ActionChains(d).move_to_element(place).perform()
        try:
            WebDriverWait(d, 3).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#case-map .leaflet-tooltip"))
        except Exception:
            d.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))", place)
            WebDriverWait(d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#case-map .leaflet-tooltip"))

    def test_hostile_address_and_description_are_text(self):
        d = self.open_case_as_duty()
        self.assertEqual(text_of(d, "case-description"), DESCRIPTION)
        self.assertIn(ADDRESS, text_of(d, "view"))
        self.show_place_tooltip(d)
        tip = d.find_element(By.CSS_SELECTOR, "#case-map .leaflet-tooltip")
        self.assertEqual(tip.text, ADDRESS, "the tooltip shows the address as the resident wrote it")
        self.assertEqual(tip.find_elements(By.CSS_SELECTOR, "img, script"), [], "no element was made from the address")
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "#view img[src='x'], #view script"), [])
        d.save_screenshot(str(SHOTS / "case-hostile-address-1920x1080.png"))
        time.sleep(0.5)  # an image's error handler would have run by now
        self.assertEqual(d.execute_script("return typeof window.__xss"), "undefined", "no script from the case ran")
        self.assertEqual(d.execute_script("return window.__violations"), [], "the console runs under its CSP with no violation")

    def test_session_is_out_of_reach_of_scripts(self):
        d = self.open_case_as_duty()
        cookie = d.get_cookie("cy_session")
        self.assertIsNotNone(cookie, "the console is signed in by a cookie")
        self.assertTrue(cookie["httpOnly"])
        self.assertEqual(cookie.get("sameSite"), "Strict")
        self.assertEqual(cookie.get("path"), "/")
        self.assertNotIn("cy_session", d.execute_script("return document.cookie"))
        stored = d.execute_script("return JSON.stringify([Object.assign({}, localStorage), Object.assign({}, sessionStorage)])")
        self.assertNotIn(cookie["value"], stored)
        self.assertNotIn("token", stored.lower())
        self.assertEqual(d.execute_script("return Object.keys(localStorage).filter(k => k !== 'cy.lang')"), [])
        # The session cookie alone does not change anything: a change also needs the console's header (auth.csrf).
        jar = {"cy_session": cookie["value"]}
        refused = requests.post(f"{BASE}/api/v1/cases/{self.case['id']}/actions/supervise", cookies=jar, json={"note": "csrf"})
        self.assertEqual(refused.status_code, 403, refused.text)
        self.assertEqual(refused.json()["error"]["code"], "auth.csrf")
        self.assertEqual(requests.get(f"{BASE}/api/v1/me", cookies=jar).json()["username"], "duty")
        # Signing out ends the session on the server, not only in the page.
        d.find_element(By.ID, "logout").click()
        WebDriverWait(d, 20).until(lambda d: d.current_url.endswith("#/login") and d.find_elements(By.ID, "username"))
        WebDriverWait(d, 10).until(lambda d: requests.get(f"{BASE}/api/v1/me", cookies=jar).status_code == 401)
        self.assertIsNone(d.get_cookie("cy_session"))
        d.refresh()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "username"))
        self.assertTrue(d.current_url.endswith("#/login"), "a signed-out page stays on the login page")

    def test_console_is_served_with_a_strict_policy(self):
        reply = requests.get(f"{BASE}/console/")
        self.assertEqual(reply.status_code, 200)
        header = reply.headers.get("Content-Security-Policy")
        self.assertTrue(header, "the console carries a Content-Security-Policy")
        directives = policy(header)
        scripts = directives.get("script-src", directives.get("default-src"))
        self.assertIsNotNone(scripts, header)
        self.assertNotIn("'unsafe-inline'", scripts)
        self.assertNotIn("'unsafe-eval'", scripts)
        self.assertEqual(directives.get("object-src"), ["'none'"])
        self.assertEqual(directives.get("frame-ancestors"), ["'none'"])
        self.assertEqual(reply.headers.get("X-Content-Type-Options"), "nosniff")

    def test_big_screen_hotspots_are_text_and_links(self):
        d = self.d
        sign_in(d, "duty")
        hotspots = requests.get(f"{BASE}/api/v1/hotspots", headers={"Authorization": f"Bearer {api_token('duty')}"}).json()
        self.assertTrue(hotspots, "the demo city has a recurring problem")
        # The dashed rings are the hotspots; each opens its tooltip on hover and its case numbers on click.
        ring = WebDriverWait(d, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "#map path[stroke-dasharray='4 3']"))
        d.execute_script("const r = arguments[0].getBoundingClientRect(), at = { bubbles: true, clientX: r.left + r.width / 2, clientY: r.top };"
                         "arguments[0].dispatchEvent(new MouseEvent('mouseover', at)); arguments[0].dispatchEvent(new MouseEvent('click', at))", ring)
        popup = WebDriverWait(d, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#map .leaflet-popup-content"))
        links = popup.find_elements(By.TAG_NAME, "a")
        self.assertTrue(links)
        numbers = {n for h in hotspots for n in h["numbers"]}
        for a in links:
            self.assertIn(a.get_attribute("textContent"), numbers)
            self.assertRegex(a.get_attribute("href"), r"#/case/\d+$")
        self.assertEqual(popup.find_elements(By.CSS_SELECTOR, ":not(a):not(br):not(div)"), [])
        tips = d.execute_script("return [...document.querySelectorAll('#map .leaflet-tooltip')].map(e => e.textContent)")
        self.assertTrue(any("（未结" in tip for tip in tips), tips)
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "#map .leaflet-tooltip *:not(span)"), [])
        d.save_screenshot(str(SHOTS / "big-screen-hotspot-1920x1080.png"))
        self.assertEqual(d.execute_script("return typeof window.__xss"), "undefined")
        self.assertEqual(d.execute_script("return window.__violations"), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
