"""Drives Chengyun's SensorThings API 1.1 (/sta/v1.1) with an existing client from PyPI, frost-sta-client
(Fraunhofer IOSB): a gateway's key registers a Thing with its Location, a Sensor, an ObservedProperty and a
Datastream, posts Observations one by one and as a dataArray (CreateObservations), and reads them back through the
client's queries ($filter, $orderby, $top with @iot.nextLink paging, $expand). Every entity the server returns is
validated against the standard's JSON forms (OGC 18-088 §8: required properties, @iot.id, @iot.selfLink and the
navigation links of each entity type, written here as JSON schemas).

Environment: CHENGYUN_URL, CHENGYUN_SENSOR_KEY (an API key that may report as `sensor`), CHENGYUN_POINT ("lon,lat").
"""
import datetime
import os
import unittest

import frost_sta_client as fsc
import jsonschema
import requests
from requests.auth import AuthBase

BASE = os.environ.get("CHENGYUN_URL", "http://127.0.0.1:18080").rstrip("/")
KEY = os.environ.get("CHENGYUN_SENSOR_KEY", "")
LON, LAT = (float(x) for x in os.environ.get("CHENGYUN_POINT", "121.4005,31.1505").split(","))


class Bearer(AuthBase):
    def __init__(self, token):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


class BearerHandler(fsc.AuthHandler):
    """frost-sta-client's hook for authentication: our gateways carry an API key as a bearer token."""

    def add_auth_header(self):
        return Bearer(self.username)


def entity(required, navigation, extra=None):
    properties = {"@iot.id": {"type": ["integer", "string"]}, "@iot.selfLink": {"type": "string", "format": "uri"}}
    properties.update({f"{n}@iot.navigationLink": {"type": "string"} for n in navigation})
    properties.update(extra or {})
    return {"type": "object", "required": ["@iot.id", "@iot.selfLink"] + required + [f"{n}@iot.navigationLink" for n in navigation],
            "properties": properties}


POINT = {"type": "object", "required": ["type", "coordinates"],
         "properties": {"type": {"const": "Point"}, "coordinates": {"type": "array", "minItems": 2, "items": {"type": "number"}}}}
UNIT = {"type": "object", "required": ["name", "symbol", "definition"]}
TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"}
SCHEMAS = {
    "Thing": entity(["name", "description"], ["Locations", "HistoricalLocations", "Datastreams"], {"properties": {"type": "object"}}),
    "Location": entity(["name", "description", "encodingType", "location"], ["Things", "HistoricalLocations"],
                       {"encodingType": {"enum": ["application/geo+json", "application/vnd.geo+json"]}, "location": POINT}),
    "Datastream": entity(["name", "description", "unitOfMeasurement", "observationType"], ["Thing", "Sensor", "ObservedProperty", "Observations"],
                         {"unitOfMeasurement": UNIT, "observationType": {"type": "string", "format": "uri"}}),
    "Sensor": entity(["name", "description", "encodingType", "metadata"], ["Datastreams"]),
    "ObservedProperty": entity(["name", "definition", "description"], ["Datastreams"]),
    "Observation": entity(["phenomenonTime", "result", "resultTime"], ["Datastream", "FeatureOfInterest"],
                          {"phenomenonTime": TIME, "resultTime": {"oneOf": [TIME, {"type": "null"}]}}),
    "FeatureOfInterest": entity(["name", "description", "encodingType", "feature"], ["Observations"], {"feature": POINT}),
}


def valid(kind, instance):
    errors = list(jsonschema.Draft202012Validator(SCHEMAS[kind], format_checker=jsonschema.FormatChecker()).iter_errors(instance))
    assert not errors, f"{kind}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def get(path):
    reply = requests.get(f"{BASE}/sta/v1.1/{path}", auth=Bearer(KEY), timeout=20)
    reply.raise_for_status()
    return reply.json()


class SensorThingsClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.service = fsc.SensorThingsService(f"{BASE}/sta/v1.1", auth_handler=BearerHandler(username=KEY, password=""))
        suffix = datetime.datetime.now().strftime("%H%M%S%f")
        location = fsc.Location(name="长乐路下立交", description="下立交最低点", encoding_type="application/geo+json",
                                location={"type": "Point", "coordinates": [LON, LAT]})
        cls.thing = fsc.Thing(name="下立交水位计", description="雷达水位计，城投水务",
                              properties={"code": f"STA-{suffix}", "kind": "waterLevel", "owner": "城投水务", "operator": "水务运维", "maintainer": "水务运维"},
                              locations=[location])
        cls.service.create(cls.thing)
        cls.sensor = fsc.Sensor(name="雷达水位计", description="非接触式", encoding_type="application/pdf", metadata="https://example.org/radar.pdf")
        cls.service.create(cls.sensor)
        cls.property = fsc.ObservedProperty(name="水位", definition="https://chengyun.city/def/property/waterLevel", description="积水深度")
        cls.service.create(cls.property)
        cls.datastream = fsc.Datastream(name="积水深度", description="下立交积水深度",
                                        observation_type="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                                        unit_of_measurement=fsc.UnitOfMeasurement(name="metre", symbol="m", definition="http://qudt.org/vocab/unit/M"),
                                        thing=fsc.Thing(id=cls.thing.id), sensor=fsc.Sensor(id=cls.sensor.id),
                                        observed_property=fsc.ObservedProperty(id=cls.property.id))
        cls.service.create(cls.datastream)
        cls.start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(minutes=30)

    def test_a_registered_entities_are_in_the_standard_form(self):
        self.assertIsInstance(self.thing.id, int)
        thing = get(f"Things({self.thing.id})")
        valid("Thing", thing)
        self.assertEqual(thing["properties"]["kind"], "waterLevel")
        self.assertEqual(thing["properties"]["owner"], "城投水务")
        for location in get(f"Things({self.thing.id})/Locations")["value"]:
            valid("Location", location)
            self.assertAlmostEqual(location["location"]["coordinates"][0], LON)
        valid("Sensor", get(f"Sensors({self.sensor.id})"))
        valid("ObservedProperty", get(f"ObservedProperties({self.property.id})"))
        valid("Datastream", get(f"Datastreams({self.datastream.id})"))
        valid("FeatureOfInterest", get(f"FeaturesOfInterest({self.thing.id})"))
        root = get("")
        self.assertIn("Datastreams", [s["name"] for s in root["value"]])

    def test_b_observations_singly_and_as_a_data_array(self):
        single = fsc.Observation(result=0.12, phenomenon_time=self.start.isoformat(), datastream=fsc.Datastream(id=self.datastream.id))
        self.service.create(single)
        self.assertEqual(single.id, f"{self.datastream.id}-{int(self.start.timestamp() * 1000)}")
        dav = fsc.DataArrayValue()
        dav.datastream = fsc.Datastream(id=self.datastream.id)
        dav.components = {fsc.DataArrayValue.Property.PHENOMENON_TIME, fsc.DataArrayValue.Property.RESULT}
        for minute in range(1, 13):
            dav.add_observation(fsc.Observation(phenomenon_time=(self.start + datetime.timedelta(minutes=minute)).isoformat(), result=0.1 + minute / 100,
                                                datastream=fsc.Datastream(id=self.datastream.id)))
        document = fsc.DataArrayDocument()
        document.add_data_array_value(dav)
        created = self.service.observations().create(document)
        self.assertEqual(len(created), 12)
        self.assertTrue(all("/Observations('" in o.self_link for o in created), [o.self_link for o in created][:2])
        valid("Observation", requests.get(created[0].self_link, auth=Bearer(KEY), timeout=20).json())

        # Read back through the client: ordered, filtered by time, paged by @iot.nextLink (5 a page).
        listed = self.datastream.get_observations().query().orderby("phenomenonTime", "asc").top(5).list()
        results = [o.result for o in listed]
        self.assertEqual(len(results), 13)
        self.assertEqual(results[:3], [0.12, 0.11, 0.12])
        later = (self.start + datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
        recent = self.datastream.get_observations().query().filter(f"phenomenonTime ge {later}").list()
        self.assertEqual(sorted(round(o.result, 2) for o in recent), [0.2, 0.21, 0.22])
        for o in get(f"Datastreams({self.datastream.id})/Observations?$top=3")["value"]:
            valid("Observation", o)

    def test_c_queries_find_the_thing(self):
        found = self.service.things().query().filter(f"properties/code eq '{self.thing.properties['code']}'").expand("Datastreams,Locations").list()
        things = list(found)
        self.assertEqual([t.id for t in things], [self.thing.id])
        self.assertEqual([d.id for d in things[0].datastreams], [self.datastream.id])
        streams = self.service.datastreams().query().filter(f"Thing/id eq {self.thing.id}").list()
        self.assertEqual([d.name for d in streams], ["积水深度"])

    def test_d_a_bad_row_is_refused_with_its_reason_and_the_rest_kept(self):
        rows = [[(self.start + datetime.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M:%SZ"), 0.3], ["yesterday", 0.4]]
        reply = requests.post(f"{BASE}/sta/v1.1/CreateObservations", auth=Bearer(KEY), timeout=20,
                              json=[{"Datastream": {"@iot.id": self.datastream.id}, "components": ["phenomenonTime", "result"], "dataArray": rows}])
        self.assertEqual(reply.status_code, 201)
        links = reply.json()
        self.assertIn("/Observations('", links[0])
        self.assertTrue(links[1].startswith("error: observation.invalid_time"), links[1])


if __name__ == "__main__":
    unittest.main()
