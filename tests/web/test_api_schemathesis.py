"""Schemathesis generates requests from the OpenAPI document (valid and invalid ones) and runs
them against the app in-process: no reply may be a server error, and every reply must match
the document (status codes, content types, schemas)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app import create_app
from web import db
from web import schema as tables

EXAMPLES = 60
"""Per operation: enough to find crashes in notation parsing and answer checking, small
enough for CI (the whole run takes well under a minute on two cores)."""


# Loaded at import (schemathesis' lazy fixture loader does not work with pytest 9 yet). TESTING
# is off, so an exception becomes the 500 reply a client would get, and the test sees it.
APP = create_app({"TESTING": False, "DATABASE_URL": "sqlite://", "SECRET_KEY": "test",
                  "PHONE_HMAC_KEY": "test"})
tables.create_from_models(db.engine(APP))  # before the session fixture that does it for others
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_and_matches_its_document(case):
    # A schema cannot say which strings are article references or which answers a question
    # takes: such requests are valid by the schema and rightly refused with 400 and a code.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500
