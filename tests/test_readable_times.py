"""Times in messages are for people: a date, a clock time with its zone, and how far away it is."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from service.times import readable, readable_until
from tests.test_api_queue import lease, patch

NOW = datetime(2026, 12, 2, 9, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("moment, text", [
    (NOW + timedelta(seconds=3.7), "2026-12-02 09:00:03 UTC (3 s from now)"),
    (NOW + timedelta(minutes=9, seconds=58), "2026-12-02 09:09:58 UTC (9 min 58 s from now)"),
    (NOW + timedelta(hours=2, seconds=1), "2026-12-02 11:00:01 UTC (2 h 1 s from now)"),
    (NOW - timedelta(minutes=1), "2026-12-02 08:59:00 UTC (0 s from now)"),
    (datetime(2026, 12, 2, 10, 30), "2026-12-02 10:30:00 UTC (1 h 30 min 0 s from now)"),  # SQLite: naive is UTC
])
def test_readable_until(moment, text):
    assert readable_until(moment, NOW) == text


def test_readable_converts_to_utc():
    assert readable(datetime(2026, 12, 2, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=1)))) == \
        "2026-12-02 09:00:00 UTC"


def test_a_held_lease_is_explained_with_a_readable_time(client, seeded, analyst_token, make_user):
    held = lease(client, analyst_token)
    _, other = make_user("olga")
    message = patch(client, other, held.get_json()["claim"]["id"], held.headers["ETag"],
                    status="confirmed").get_json()["message"]
    assert re.fullmatch(r"Claim \d+ is leased to ana until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC "
                        r"\((9 min \d+ s|10 min 0 s) from now\)\.", message), message
