# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import tagged

from ..intake.mobile_openapi import API_PREFIX, operations
from .common_mobile import MobileApiCase


@tagged("post_install", "-at_install")
class TestMobileOpenApi(MobileApiCase):
    def _registered_operations(self):
        found = set()
        for rule in self.env["ir.http"].routing_map().iter_rules():
            if not rule.rule.startswith(API_PREFIX + "/"):
                continue
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len(API_PREFIX) :])
            for method in rule.methods or ():
                if method not in ("HEAD", "OPTIONS"):
                    found.add((path, method))
        return found

    def test_served_document_matches_the_routes(self):
        response = self.api("GET", "/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(document["servers"][0]["url"], self.base_url() + API_PREFIX)
        registered = self._registered_operations()
        self.assertGreaterEqual(len(registered), 12)
        self.assertEqual(operations(document), registered)

    def test_every_documented_operation_answers_json(self):
        # unauthenticated calls of every operation: JSON, never an HTML page
        for path, method in self._registered_operations():
            concrete = path.replace("{document_id}", "1")
            body = {} if method == "POST" else None
            response = self.api(method, concrete, body)
            self.assertIn(response.status_code, (200, 400, 401), (method, path))
