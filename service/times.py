"""Times as the service stores and shows them: aware UTC inside, readable text in messages."""
from __future__ import annotations

from datetime import datetime, timezone


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes even for timezone-aware columns; they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def readable(moment: datetime) -> str:
    """A time for people: ``2026-12-02 09:15:03 UTC`` (no microseconds, no 'T', the zone named)."""
    return aware(moment).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def readable_until(moment: datetime, now: datetime) -> str:
    """``2026-12-02 09:15:03 UTC (9 min 58 s from now)``: when, and how long that is."""
    seconds = max(0, int((aware(moment) - now).total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes) + [f"{seconds} s"]
    return f"{readable(moment)} ({' '.join(parts)} from now)"
