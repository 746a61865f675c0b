"""Domain errors. They say what went wrong in the terms of the use case and know nothing of HTTP;
``service.api.errors`` maps each class to a status code in one table."""
from __future__ import annotations


class DomainError(Exception):
    """Base class: a message for people and optional per-field details."""

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(DomainError):
    """The thing asked for does not exist."""


class Unauthenticated(DomainError):
    """No credentials, or credentials that match no active user."""


class PermissionDenied(DomainError):
    """The user is known but their role does not allow the action."""


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, a lease held by someone else)."""


class Duplicate(Conflict):
    """The same thing exists already (a document with the same content, a user name)."""


class LeaseHeld(Conflict):
    """Another analyst holds the lease on this claim."""


class StaleVersion(DomainError):
    """The caller's version (ETag) is not the current one: someone changed the resource since."""


class VersionRequired(DomainError):
    """A mutation came without the version it was based on (no If-Match)."""


def check_version(what: str, ident, current: int, based_on, redo: str) -> None:
    """The optimistic lock, the same for every versioned record (claims, sources, links): a change
    must name the version it was based on, and that version must still be the current one."""
    if based_on is None:
        raise VersionRequired(f"Send the {what}'s ETag in If-Match, so a change made since you read it is not lost.")
    if current not in based_on:
        raise StaleVersion(f"{what.capitalize()} {ident} has changed since you read it (now version {current}); "
                           f"fetch it again and re-apply your {redo}.")


class BadInput(DomainError):
    """Input that cannot be read at all: a body that is not JSON, a malformed header."""


class RuleViolation(DomainError):
    """Well-formed input that a business rule rejects (e.g. disputing without a note)."""


class FetchRefused(RuleViolation):
    """A URL the service will not fetch: another scheme, or an address it must not reach (SSRF).

    ``reason`` is a short code ("scheme", "address", "url") for summaries and logs."""

    def __init__(self, message: str, reason: str, errors: dict | None = None):
        super().__init__(message, errors)
        self.reason = reason
        self.retryable = False


class FetchFailed(DomainError):
    """The page could not be had: the site did not answer, answered with an error, too slowly,
    too much or not as a web page. ``retryable`` says whether trying again later may help."""

    def __init__(self, message: str, reason: str, *, retryable: bool = False, errors: dict | None = None):
        super().__init__(message, errors)
        self.reason = reason
        self.retryable = retryable
