"""The analyst review page: server-rendered templates and a little vanilla JavaScript."""


def register(app) -> None:
    """Register the review page's blueprint (filled in by the review-queue work)."""
