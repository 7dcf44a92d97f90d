"""A building-group leader's sweep survives a reload with no network (sw.js), in headless Chromium:

the leader's 375-px phone reaches the server through a forwarding proxy (the phone's network); online, the leader opens
their sweep and a building's houses, and the console's service worker keeps the console's files; then the proxy stops
— the network is gone, nothing answers — and the phone reloads the page: it comes up from the worker's cache with the
leader's work and houses kept on the phone, says it is offline, and a house taken is kept as waiting (the server has
nothing); the proxy starts again, the phone is online, and the taking reaches the server once.

Screenshots go to CHENGYUN_SWEEP_SHOTS (default /tmp/sweep-shots/).
Environment: CHENGYUN_URL.
"""
import http.client
import os
import pathlib
import socket
import threading
import time
import unittest
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, PASSWORD, WebDriverWait, browser, wait_ready
from test_console_days import api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_SWEEP_SHOTS", "/tmp/sweep-shots"))
LEADER = "lz.310101001002"
UPSTREAM = urllib.parse.urlsplit(BASE)
HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


class Forward(BaseHTTPRequestHandler):
    """Passes each request to the server as it is and its answer back as it is (no decompression, no rewriting)."""
    protocol_version = "HTTP/1.1"

    open_connections = set()

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        Forward.open_connections.add(self.connection)

    def finish(self):
        Forward.open_connections.discard(self.connection)
        super().finish()

    def relay(self):
        if self.path.startswith("/api/v1/stream"):
            self.send_error(503)
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP and k.lower() != "host"}
        headers["Host"] = UPSTREAM.netloc
        upstream.request(self.command, self.path, body=body, headers=headers)
        reply = upstream.getresponse()
        data = reply.read()
        self.send_response(reply.status, reply.reason)
        for k, v in reply.getheaders():
            if k.lower() not in HOP and k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = relay


class Network:
    """The phone's network: a proxy on a fixed port of its own, stopped and started again."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = None

    def up(self):
        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Forward)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        """No new connection, and the browser's kept-alive ones cut: nothing answers any more."""
        self.server.shutdown()
        self.server.server_close()
        for connection in list(Forward.open_connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class SweepReloadOffline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        SHOTS.mkdir(parents=True, exist_ok=True)
        cls.network = Network()
        cls.network.up()
        cls.phone = browser(375, 800)

    @classmethod
    def tearDownClass(cls):
        cls.phone.quit()
        if cls.network.server:
            cls.network.down()

    def waiting(self, d):
        return int(d.find_element(By.ID, "sweep-waiting").get_attribute("data-waiting"))

    def test_reload_with_no_network(self):
        d, net = self.phone, self.network
        work = api_get(LEADER, "/api/v1/sweeps/mine")
        sweep = work["groups"][0]["sweeps"][0]
        building = work["groups"][0]["buildings"][0]["id"]
        targets = api_get(LEADER, f"/api/v1/sweeps/{sweep['id']}/targets", buildingId=building)
        todo = [x["subjectId"] for x in targets if not x.get("result")]
        self.assertTrue(todo, "the demo leaves houses to do")
        before = api_get("duty.s1", f"/api/v1/sweeps/{sweep['id']}")["progress"]["done"]

        d.get(f"{net.url}/console/?at={time.time()}#/login")
        WebDriverWait(d, 20).until(lambda x: x.find_elements(By.ID, "username"))
        d.find_element(By.ID, "username").send_keys(LEADER)
        d.find_element(By.ID, "password").send_keys(PASSWORD)
        d.find_element(By.ID, "signin").click()
        WebDriverWait(d, 20).until(lambda x: "#/sweep-work" in x.current_url)
        WebDriverWait(d, 20).until(lambda x: x.find_elements(By.CSS_SELECTOR, ".sweep-house"))
        # The worker installed (the console's files kept) and in charge of the page.
        self.assertTrue(d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.serviceWorker.ready.then(() => { const wait = () => navigator.serviceWorker.controller ? done(true) : setTimeout(wait, 50); wait(); });"))
        kept = d.execute_async_script("const done = arguments[arguments.length - 1]; caches.open('chengyun-console').then(c => c.keys()).then(k => done(k.length));")
        self.assertGreater(kept, 50, "the page, its scripts, styles, string tables and libraries")

        net.down()
        try:
            d.refresh()
            WebDriverWait(d, 20).until(lambda x: x.find_elements(By.CSS_SELECTOR, ".sweep-house"))
            wait_ready(d)
            self.assertIn("离线", d.find_element(By.ID, "sweep-sync").text, "it says it has no connection")
            marks = {int(b.get_attribute("data-subject")): b.get_attribute("data-mark") for b in d.find_elements(By.CSS_SELECTOR, ".sweep-house")}
            self.assertEqual("todo", marks[todo[0]], "the houses kept on the phone")
            d.find_element(By.CSS_SELECTOR, f".sweep-house[data-subject='{todo[0]}']").click()
            WebDriverWait(d, 10).until(lambda x: x.find_element(By.ID, "sweep-form").is_displayed())
            Select(d.find_element(By.ID, "sweep-method")).select_by_value("doorIntercom")
            Select(d.find_element(By.ID, "sweep-q-houseUse")).select_by_value("ownerOccupied")
            field = d.find_element(By.ID, "sweep-q-residents")
            field.clear()
            field.send_keys("2")
            d.find_element(By.ID, "sweep-save").click()
            WebDriverWait(d, 10).until(lambda x: self.waiting(x) == 1)
            look(self, d, "leader-phone-reloaded-offline", SHOTS, ("sweeps", "sweepWork", "base"))
            on_server = {x["subjectId"]: x.get("result") for x in api_get(LEADER, f"/api/v1/sweeps/{sweep['id']}/targets", buildingId=building)}
            self.assertIsNone(on_server[todo[0]], "nothing reached the server")
        finally:
            net.up()
        d.execute_script("window.dispatchEvent(new Event('online'))")
        WebDriverWait(d, 30).until(lambda x: self.waiting(x) == 0)
        on_server = {x["subjectId"]: x.get("result") for x in api_get(LEADER, f"/api/v1/sweeps/{sweep['id']}/targets", buildingId=building)}
        self.assertEqual("ownerOccupied", on_server[todo[0]]["answers"]["houseUse"])
        self.assertEqual(before + 1, api_get("duty.s1", f"/api/v1/sweeps/{sweep['id']}")["progress"]["done"], "the house once")


if __name__ == "__main__":
    unittest.main()
