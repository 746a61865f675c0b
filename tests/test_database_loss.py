"""A database restart under a running service: pooled connections are not pinged before use, so
the first request on a dead connection fails. It must fail as a clear, retryable 503 that changed
nothing, and the retry must work. PostgreSQL only: a SQLite file has no server to lose."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from service.db import db, normalise_url
from tests.conftest import POSTGRES_URL, bearer

pytestmark = pytest.mark.postgres


def kill_pooled_connection(app) -> None:
    """Terminate, from another connection, the backend behind the connection the next request
    will take (the pool is LIFO, and the test client runs one request at a time)."""
    with app.app_context():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    killer = create_engine(normalise_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with killer.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    killer.dispose()


@pytest.mark.parametrize("method", ["GET", "PATCH"])
def test_lost_connection_is_a_retryable_503_that_changed_nothing(app, client, analyst_token, seeded,
                                                                  database_url, method):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server connection to lose")
    claim = client.get("/api/claims/1", headers=bearer(analyst_token))
    etag = claim.headers["ETag"]
    kill_pooled_connection(app)

    request = {"GET": lambda: client.get("/api/claims/1", headers=bearer(analyst_token)),
               "PATCH": lambda: client.patch("/api/claims/1", json={"status": "confirmed"},
                                             headers={**bearer(analyst_token), "If-Match": etag})}[method]
    lost = request()
    assert lost.status_code == 503, lost.get_json()
    assert lost.headers["Retry-After"] == "1"
    body = lost.get_json()
    assert body["code"] == 503 and "Retry" in body["message"] and "nothing was changed" in body["message"]

    # Nothing was written, so the same request, retried, succeeds with the same If-Match.
    retried = request()
    assert retried.status_code == 200, retried.get_json()
    history = client.get("/api/claims/1/history", headers=bearer(analyst_token)).get_json()
    assert len([event for event in history if event["action"] == "decide"]) == (method == "PATCH")
