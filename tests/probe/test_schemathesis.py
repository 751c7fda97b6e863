"""The OpenAPI document is honest: schemathesis generates requests for every operation from
the document itself, anonymously and with a worker's and a staff token, and finds no server
error and no response that breaks the document (issue 9). Bounded: a few examples per
operation, so the whole run takes a minute or two on each database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nuanxin.wsgi import application

# What the issue asks: no server error, and every answer (status, content type, body) as
# the document says. Business refusals of schema-valid input (a point outside the city, a
# sign-up that has closed) are answers the document lists, not failures.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_connection_per_test() -> Iterator[None]:
    """As Django's test client does: requests run inside the test's transaction, so the
    per-request connection clean-up must not close the test's connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(make_user: Any, regions: Any) -> dict[str, str]:
    from nuanxin.accounts.services import issue_token

    worker = make_user(("worker", "371702001001"), name="骑手")
    staff = make_user(("township_staff", "371702001"), name="街道干部")
    return {"anonymous": "", "worker": issue_token(user=worker)[1],
            "staff": issue_token(user=staff)[1]}


@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("who", ["anonymous", "worker", "staff"])
def test_no_server_error_and_no_schema_violation(case: Any, who: str,
                                                 tokens: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {tokens[who]}"} if tokens[who] else {}
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_every_schema_name_is_documented_once() -> None:
    """Two schemas of one name would document one operation with the other's shape."""
    from collections import Counter

    from ninja import Schema

    import nuanxin.urls  # noqa: F401  (every router, hence every schema, is imported)

    def walk(cls: type) -> list[type]:
        return [s for sub in cls.__subclasses__() for s in (sub, *walk(sub))]

    names = Counter(s.__name__ for s in walk(Schema) if s.__module__.startswith("nuanxin."))
    assert [n for n, k in names.items() if k > 1] == []
