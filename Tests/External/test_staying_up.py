"""Issue 14, findings 2, 3 and 5 over real HTTP against the real server: idle and half-sent connections are closed,
/healthz answers beside them, one account cannot hold more than its live streams, a stream ends at sign-out, and a
burst of anonymous Open311 reads is limited (429 with Retry-After) without touching a signed-in user.

scripts/test-external.sh starts the server with --idle-timeout 5, --body-timeout 8 and --max-streams-per-user 6.
Environment: CHENGYUN_URL.
"""
import os
import socket
import threading
import time
import unittest
from urllib.parse import urlparse

import requests

BASE = os.environ.get("CHENGYUN_URL", "http://127.0.0.1:18080").rstrip("/")
HOST, PORT = urlparse(BASE).hostname, urlparse(BASE).port
PASSWORD = "chengyun-demo"


def login(username):
    reply = requests.post(f"{BASE}/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=10)
    reply.raise_for_status()
    return reply.json()["token"]


def closed_by_server(sock, within):
    """True when the server closes the socket within `within` seconds."""
    sock.settimeout(within)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


class StayingUpTest(unittest.TestCase):
    def test_idle_and_half_sent_connections_are_closed_and_health_answers(self):
        idle = [socket.create_connection((HOST, PORT)) for _ in range(200)]
        half = socket.create_connection((HOST, PORT))
        half.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        try:
            started = time.monotonic()
            self.assertEqual(requests.get(f"{BASE}/healthz", timeout=5).status_code, 200)
            self.assertLess(time.monotonic() - started, 2)
            self.assertTrue(closed_by_server(half, 12), "a request head never finished must be dropped")
            self.assertTrue(all(closed_by_server(s, 12) for s in idle[:20]), "idle connections must be dropped")
        finally:
            for s in idle + [half]:
                s.close()

    def test_a_trickled_body_is_cut_off(self):
        token = login("duty.s2")
        # A password change whose body never finishes arriving.
        body = b'{"oldPassword":"' + b"x" * 40 + b'"}'
        sock = socket.create_connection((HOST, PORT))
        try:
            sock.sendall(("POST /api/v1/me/password HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (token, len(body))).encode())
            started = time.monotonic()
            answer = b""
            sock.settimeout(1)
            for byte in body:
                # One byte every 3 s: inside the idle timeout (5 s), so only the body's deadline (8 s) stops it.
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    break
                try:
                    chunk = sock.recv(4096)
                    if chunk:
                        answer += chunk
                        break
                except socket.timeout:
                    pass
                time.sleep(2)
            if not answer:
                sock.settimeout(5)
                answer = sock.recv(4096)
            self.assertIn(b" 408 ", answer.split(b"\r\n")[0])
            self.assertIn(b"request.timeout", answer)
            self.assertLess(time.monotonic() - started, 20)
        finally:
            sock.close()

    def test_streams_are_limited_per_account_and_end_at_sign_out(self):
        token = login("resident3")
        headers = {"Authorization": f"Bearer {token}"}
        streams = [requests.get(f"{BASE}/api/v1/stream", headers=headers, stream=True, timeout=20) for _ in range(6)]
        try:
            self.assertTrue(all(s.status_code == 200 for s in streams))
            refused = requests.get(f"{BASE}/api/v1/stream", headers=headers, timeout=5)
            self.assertEqual(refused.status_code, 429)
            self.assertEqual(refused.json()["error"]["code"], "stream.too_many")
            self.assertIn("Retry-After", refused.headers)
            # Another resident is not affected.
            other = requests.get(f"{BASE}/api/v1/stream", headers={"Authorization": f"Bearer {login('resident4')}"}, stream=True, timeout=20)
            self.assertEqual(other.status_code, 200)
            other.close()
            ended = []

            def read(s):
                text = b""
                for chunk in s.iter_content(chunk_size=None):
                    text += chunk
                    if b"event: end" in text:
                        ended.append(True)
                        return

            readers = [threading.Thread(target=read, args=(s,), daemon=True) for s in streams]
            for r in readers:
                r.start()
            self.assertEqual(requests.post(f"{BASE}/api/v1/auth/logout", headers=headers, timeout=5).status_code, 204)
            for r in readers:
                r.join(10)
            self.assertEqual(len(ended), 6, "every stream of the session must end at sign-out")
            self.assertEqual(requests.get(f"{BASE}/api/v1/stream", headers=headers, timeout=5).status_code, 401)
        finally:
            for s in streams:
                s.close()

    def test_z_anonymous_burst_is_limited_and_staff_are_not(self):
        staff = {"Authorization": f"Bearer {login('duty')}"}
        statuses = []
        for _ in range(200):
            r = requests.get(f"{BASE}/open311/v2/services.json", timeout=10)
            statuses.append(r.status_code)
            if r.status_code == 429:
                self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
        self.assertIn(429, statuses)
        self.assertNotIn(500, statuses)
        started = time.monotonic()
        self.assertEqual(requests.get(f"{BASE}/api/v1/cases?limit=20", headers=staff, timeout=10).status_code, 200)
        self.assertLess(time.monotonic() - started, 2)
        # The address is limited for the rest of its window: this test runs last of all (test_staying_up sorts after the
        # other modules, test_z after its other tests), so no later test reads Open311 anonymously.


if __name__ == "__main__":
    unittest.main()
