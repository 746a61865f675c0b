"""What a newcomer meets first at the command line: --help builds nothing, and every bad value,
missing driver or unreachable database is one line on stderr with exit status 2."""
from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

import service
from service.cli import cli
from service.cli.database import describe


def invoke(args, env=None):
    # A secret key given, so no run makes one in the checkout's instance folder.
    return CliRunner().invoke(cli, args, env={"CLAIMDESK_SECRET_KEY": "test-secret", **(env or {})})


def assert_one_line_error(result, message):
    assert result.exit_code == 2, result.output
    assert result.output.startswith("claimdesk: error:") and result.output.count("\n") == 1, result.output
    assert message in result.output, result.output


@pytest.mark.parametrize("args", [["--help"], ["users", "--help"], ["serve", "--help"], ["users", "rotate", "--help"],
                                  ["--version"]])
def test_help_builds_no_app_and_no_database(monkeypatch, args):
    def refuse(*_args, **_kwargs):
        raise AssertionError("--help must not build the app")

    monkeypatch.setattr(service, "create_app", refuse)
    result = invoke(args)
    assert result.exit_code == 0 and result.output, result.output


@pytest.mark.parametrize("args, env, message", [
    (["serve", "--host", "0.0.0.0.0"], {}, "'0.0.0.0.0' is neither an IP address nor a host name"),
    (["serve", "--host", ""], {}, "'--host'"),
    (["serve", "--port", "99999"], {}, "'--port': 99999 is not in the range"),
    (["serve", "--port", "http"], {}, "'--port': 'http' is not a valid integer"),
    (["serve", "--threads", "0"], {}, "'--threads'"),
    (["serve", "--connection-limit", "0"], {}, "'--connection-limit'"),
    (["serve", "--channel-timeout", "-5"], {}, "'--channel-timeout'"),
    (["serve"], {"CLAIMDESK_CONNECTION_LIMIT": "lots"}, "'--connection-limit'"),
    (["serve", "--bogus"], {}, "No such option '--bogus'"),
    (["users", "rotate", "ana", "--expires-in", "0"], {}, "'--expires-in'"),
    (["users", "add"], {}, "Missing argument 'NAME'"),
    (["nosuch"], {}, "No such command 'nosuch'"),
    (["users", "list", "--database", "nosuchdb://x"], {}, "not a database URL: 'nosuchdb://x'"),
    (["users", "list"], {"CLAIMDESK_SESSION_COOKIE_SECURE": "maybe"}, "CLAIMDESK_SESSION_COOKIE_SECURE='maybe'"),
])
def test_bad_values_are_one_line_and_exit_2(args, env, message):
    assert_one_line_error(invoke(args, env), message)


def test_a_missing_postgres_driver_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    result = invoke(["users", "list", "--database", "postgresql://postgres@127.0.0.1:5432/test"])
    assert_one_line_error(result, "pip install 'claimdesk[postgres]'")


def test_an_unreachable_database_is_one_line_with_the_password_masked():
    result = invoke(["users", "list", "--database", "postgresql://postgres:hunter2@127.0.0.1:1/test"])
    assert_one_line_error(result, "cannot open the database postgresql://postgres:***@127.0.0.1:1/test")
    assert "hunter2" not in result.output


@pytest.mark.parametrize("url, shown", [
    ("postgresql://ana:s3cret@db.internal:5432/claims", "postgresql://ana:***@db.internal:5432/claims"),
    ("postgresql://ana@db/claims?sslmode=require", "postgresql://ana@db/claims?sslmode=require"),
    ("sqlite:////var/lib/claimdesk/claimdesk.sqlite3", "sqlite:////var/lib/claimdesk/claimdesk.sqlite3"),
])
def test_the_database_is_described_without_its_password(url, shown):
    assert describe(url) == shown


def test_the_server_takes_its_limits():
    from flask import Flask

    from service.cli.server import CHANNEL_TIMEOUT, CONNECTION_LIMIT, make_server

    server = make_server(Flask("probe"), "127.0.0.1", 0)
    try:
        assert (server.adj.connection_limit, server.adj.channel_timeout, server.adj.threads) == (CONNECTION_LIMIT, 30, 8)
        assert CONNECTION_LIMIT >= 300 + 100 and CHANNEL_TIMEOUT <= 60 and server.adj.asyncore_use_poll
    finally:
        server.close()
        server.task_dispatcher.shutdown()
    server = make_server(Flask("probe"), "127.0.0.1", 0, threads=3, connection_limit=50, channel_timeout=5)
    try:
        assert (server.adj.connection_limit, server.adj.channel_timeout, server.adj.threads) == (50, 5, 3)
    finally:
        server.close()
        server.task_dispatcher.shutdown()


def test_migrate_says_where_the_database_is_and_its_revision(runner, database_url):
    result = runner.invoke(cli, ["migrate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Database {describe(database_url)} is at revision ")
    assert result.output.rstrip().endswith("(the latest).")
