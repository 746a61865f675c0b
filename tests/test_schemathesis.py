"""The OpenAPI document is the server's truth: schemathesis (every check) against a live waitress
server, on SQLite and PostgreSQL, with a fixed seed and a bounded number of examples. The same
command is in docs/api.md for anyone to run with more examples."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path


from service.db import db
from service.ingest import ingest_text
from service.users import create_user
from tests.conftest import serve_app

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = 5
SEED = 20261202


def schemathesis_command() -> str:
    found = Path(sys.executable).with_name("schemathesis")
    return str(found) if found.exists() else shutil.which("schemathesis") or "schemathesis"


def resolve_to_loopback(host: str, port: int) -> list[str]:
    """Every host name generated for a URL ingest resolves here, never through real DNS; with no
    FETCH_ALLOW, loopback is refused before any connection (a 422), so nothing leaves the machine."""
    return ["127.0.0.1"]


def test_schemathesis_finds_no_failures(app, tmp_path):
    app.config["FETCH_RESOLVER"] = resolve_to_loopback
    with app.app_context():
        _admin, token = create_user(db.session, "fuzzer", "admin")
        ingest_text(db.session, "Zarif said on Sunday that Iran was ready to work with the Taliban. "
                                "The talks, according to reports, lasted two days.", title="Iran")
        db.session.commit()
    with serve_app(app) as base:
        run = subprocess.run(
            [schemathesis_command(), "--config-file", str(CONFIG), "run", f"{base}/api/openapi.json",
             "--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
             "--header", f"Authorization: Bearer {token}", "--generation-database", "none",
             "--no-color", "--request-timeout", "30", "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
        )
    output = run.stdout + run.stderr
    generated = re.search(r"(\d+) generated", output)
    print(output[-600:])  # the summary, in the test log (-rA / -s)
    assert run.returncode == 0, output[-6000:]
    assert generated and int(generated.group(1)) > 100, output[-2000:]
    assert "Test Execution Error" not in output and " failures" not in output.split("SUMMARY")[-1], output[-3000:]
