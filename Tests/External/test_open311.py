"""Drives Chengyun's Open311 GeoReport v2 endpoint with an existing client library from PyPI (georeport) and
validates every JSON response against the community schemas (open311/schema-validation, copied into
Tests/Fixtures/open311-georeport-v2). georeport has no method for POST, so the request is posted as the spec
says (form-encoded, with api_key) with requests, the HTTP library georeport itself uses.

Environment: CHENGYUN_URL (e.g. http://127.0.0.1:18080), CHENGYUN_OPEN311_KEY (a key allowed to report as
resident), CHENGYUN_POINT ("lon,lat" inside the city).
"""
import json
import os
import pathlib
import unittest
import xml.etree.ElementTree as ET

import jsonschema
import requests
from georeport import GeoReport
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "open311-georeport-v2"
BASE = os.environ.get("CHENGYUN_URL", "http://127.0.0.1:18080").rstrip("/") + "/open311/v2"
KEY = os.environ.get("CHENGYUN_OPEN311_KEY", "")
LON, LAT = (float(x) for x in os.environ.get("CHENGYUN_POINT", "121.4005,31.1505").split(","))

SCHEMAS = {name: json.loads((FIXTURES / name).read_text()) for name in
           ["service.json", "services.json", "service-definition.json", "request.json", "requests.json"]}
REGISTRY = Registry().with_resources([(name, Resource.from_contents(schema, default_specification=DRAFT7))
                                      for name, schema in SCHEMAS.items()])
PERSONAL = ["13912345678", "wang.xiaoming@example.cn", "王", "小明"]


def validate(instance, schema_name):
    validator = jsonschema.Draft7Validator(SCHEMAS[schema_name], registry=REGISTRY, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, f"{schema_name}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


class Open311Test(unittest.TestCase):
    json_client = GeoReport(BASE)
    xml_client = GeoReport(BASE, output_format="xml")

    @classmethod
    def setUpClass(cls):
        cls.services = cls.json_client.get_service_list()
        cls.code = next(s["service_code"] for s in cls.services if s["service_code"].startswith("event-"))
        reply = requests.post(f"{BASE}/requests.json", data={
            "api_key": KEY, "service_code": cls.code, "lat": LAT, "long": LON, "address_string": "长乐路 1 号",
            "description": "路边垃圾堆放，已有异味", "first_name": "小明", "last_name": "王", "phone": "13912345678",
            "email": "wang.xiaoming@example.cn", "attribute[urgency]": "urgent"})
        assert reply.status_code == 201, reply.text
        cls.posted = reply.json()[0]["service_request_id"]

    def test_discovery(self):
        doc = requests.get(f"{BASE}/discovery.json").json()
        endpoint = doc["endpoints"][0]
        self.assertEqual(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2")
        self.assertIn("application/json", endpoint["formats"])
        ET.fromstring(requests.get(f"{BASE}/discovery.xml").content)

    def test_services_match_the_schema_in_both_formats(self):
        validate(self.services, "services.json")
        self.assertGreaterEqual(len(self.services), 50)
        xml_codes = [s["service_code"] for s in self.xml_client.get_service_list()]
        self.assertEqual(xml_codes, [s["service_code"] for s in self.services])

    def test_service_definition(self):
        definition = self.json_client.get_service_definition(self.code)
        validate(definition, "service-definition.json")
        self.assertEqual(definition["attributes"][0]["code"], "urgency")
        self.assertEqual(self.xml_client.get_service_definition(self.code)["service_code"], self.code)

    def test_posted_request_reads_back(self):
        one = self.json_client.get_service_request(self.posted)
        validate(one, "request.json")
        self.assertEqual(one["status"], "open")
        self.assertEqual(one["service_code"], self.code)
        self.assertEqual(one["description"], "路边垃圾堆放，已有异味")
        self.assertEqual(self.xml_client.get_service_request(self.posted)["service_request_id"], self.posted)

    def test_filters(self):
        listed = self.json_client.get_service_requests()
        validate(listed, "requests.json")
        self.assertIn(self.posted, [r["service_request_id"] for r in listed])
        by_id = self.json_client.get_service_requests(service_request_id=self.posted)
        self.assertEqual([r["service_request_id"] for r in by_id], [self.posted])
        by_code = self.json_client.get_service_requests(service_code=self.code)
        validate(by_code, "requests.json")
        self.assertTrue(all(r["service_code"] == self.code for r in by_code))
        closed = self.json_client.get_service_requests(status="closed")
        self.assertTrue(closed and all(r["status"] == "closed" for r in closed))
        self.assertTrue(all(r["status"] == "open" for r in self.json_client.get_service_requests(status="open")))
        window = self.json_client.get_service_requests(start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00Z")
        self.assertEqual(window, [])
        xml_listed = self.xml_client.get_service_requests(service_request_id=self.posted)
        self.assertEqual(xml_listed["service_request_id"] if isinstance(xml_listed, dict) else xml_listed[0]["service_request_id"], self.posted)

    def test_no_personal_data_in_any_public_response(self):
        for path in ["requests.json", "requests.xml", f"requests/{self.posted}.json", f"requests/{self.posted}.xml"]:
            text = requests.get(f"{BASE}/{path}").text
            for secret in PERSONAL[:2]:
                self.assertNotIn(secret, text, path)
            if path.startswith("requests/"):
                for secret in PERSONAL[2:]:
                    self.assertNotIn(secret, text, path)

    def test_errors_are_open311_errors(self):
        bad = requests.post(f"{BASE}/requests.json", data={"api_key": "cyk_wrong", "service_code": self.code, "lat": LAT, "long": LON})
        self.assertEqual(bad.status_code, 403)
        self.assertEqual(bad.json()[0]["code"], 403)
        missing = requests.get(f"{BASE}/requests/999999999.xml")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(ET.fromstring(missing.content).find("error/code").text, "404")
        self.assertEqual(requests.get(f"{BASE}/requests.json", params={"start_date": "yesterday"}).status_code, 400)


if __name__ == "__main__":
    unittest.main(verbosity=2)
