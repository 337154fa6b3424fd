"""A `make run` server for the live tests: tools/run.sh on a throw-away
database, a fresh data directory and free loopback ports; stopped and dropped
at the end. The password run.sh prints on the first start is read from its
output, as a person reads it."""

import os

import pytest
from odoo_client import make_run_server


@pytest.fixture(scope="session")
def live_server():
    with make_run_server(f"mi_live_{os.getpid()}") as server:
        yield server
