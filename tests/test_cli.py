"""The `vitrine` command, run as a subprocess on a fresh SQLite data directory."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from argon2 import PasswordHasher, extract_parameters, profiles

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "VITRINE_ADMIN_PASSWORD", "VITRINE_SECRET_KEY", "VITRINE_DEMO"):
        env.pop(name, None)
    env["VITRINE_DATA_DIR"] = str(data_dir)
    env["VITRINE_LOG_LEVEL"] = "WARNING"
    env.update(extra)
    return env


def vitrine(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphql_api.cli", *args],
        cwd=REPO,
        env=_env(data_dir, **extra),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def test_migrate_fresh_then_up_to_date(tmp_path):
    first = vitrine(tmp_path, "migrate")
    assert first.returncode == 0, first.stderr
    assert "Applied migrations" in first.stdout
    assert (tmp_path / "vitrine.sqlite3").is_file()

    again = vitrine(tmp_path, "migrate")
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout
    assert "Applied migrations" not in again.stdout
    _no_traceback(again)


def test_demo_loads_once(tmp_path):
    first = vitrine(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "Loaded demo data: 36 companies" in first.stdout
    assert "admin@vitrine.test / vitrine-demo" in first.stdout

    again = vitrine(tmp_path, "demo")
    assert again.returncode == 0, again.stderr
    assert "Kept the existing demo data: 36 companies" in again.stdout
    assert "admin@vitrine.test / vitrine-demo" in again.stdout
    assert "Applied migrations" not in again.stdout
    _no_traceback(again)


def test_bad_database_url_scheme_is_a_usage_error(tmp_path):
    result = vitrine(tmp_path, "migrate", DATABASE_URL="mysql://x")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    _no_traceback(result)


def test_bad_setting_is_a_usage_error(tmp_path):
    result = vitrine(tmp_path, "migrate", VITRINE_MAX_DEPTH="deep")
    assert result.returncode == 2
    assert "VITRINE_MAX_DEPTH" in result.stderr
    _no_traceback(result)


def test_unreachable_postgres_is_a_database_error(tmp_path):
    result = vitrine(
        tmp_path, "migrate", DATABASE_URL="postgres://postgres:hunter2@127.0.0.1:1/nope"
    )
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert result.stderr.startswith("vitrine: Could not migrate"), result.stderr
    assert "hunter2" not in result.stderr  # the password is not echoed
    _no_traceback(result)


def test_unreachable_postgres_at_info_log_level(tmp_path):
    # At the default INFO level Tortoise's shutdown log line precedes the message on stderr:
    # every other line is a JSON log record and the message is the last line.
    result = vitrine(
        tmp_path,
        "migrate",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nope",
        VITRINE_LOG_LEVEL="",
    )
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("vitrine: Could not migrate postgres://postgres@127.0.0.1:1/nope")
    assert all(line.startswith('{"ts": ') for line in lines[:-1]), lines
    _no_traceback(result)


@pytest.mark.parametrize("port", ["70000", "0", "http"])
def test_serve_refuses_a_bad_port(tmp_path, port):
    result = vitrine(tmp_path, "serve", "--port", port)
    assert result.returncode == 2
    assert "port" in result.stderr
    _no_traceback(result)


def test_unknown_command_is_a_usage_error(tmp_path):
    result = vitrine(tmp_path, "frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_create_admin(tmp_path):
    no_password = vitrine(tmp_path, "create-admin", "a@b.test")
    assert no_password.returncode == 2
    assert "VITRINE_ADMIN_PASSWORD" in no_password.stderr
    _no_traceback(no_password)

    weak = vitrine(tmp_path, "create-admin", "a@b.test", VITRINE_ADMIN_PASSWORD="short")
    assert weak.returncode == 2
    assert "characters" in weak.stderr
    _no_traceback(weak)

    good = vitrine(
        tmp_path, "create-admin", "a@b.test", VITRINE_ADMIN_PASSWORD="a-good-long-password-42"
    )
    assert good.returncode == 0, good.stderr
    assert "Created ADMIN a@b.test" in good.stdout
    # What the app stores, from a process the suite's cheap test hasher does not reach: Argon2id
    # with argon2-cffi's defaults, the RFC 9106 low-memory profile.
    with closing(sqlite3.connect(tmp_path / "vitrine.sqlite3")) as database:
        (stored,) = database.execute(
            "SELECT password_hash FROM staff_user WHERE email = 'a@b.test'"
        ).fetchone()
    assert extract_parameters(stored) == profiles.RFC_9106_LOW_MEMORY
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PasswordHasher().verify(stored, "a-good-long-password-42")

    duplicate = vitrine(
        tmp_path, "create-admin", "a@b.test", VITRINE_ADMIN_PASSWORD="a-good-long-password-42"
    )
    assert duplicate.returncode == 2
    assert "exists" in duplicate.stderr
    _no_traceback(duplicate)


def test_create_sales_rep(tmp_path):
    result = vitrine(
        tmp_path,
        "create-admin",
        "rep@b.test",
        "--sales-rep",
        "--name",
        "Rita Rep",
        VITRINE_ADMIN_PASSWORD="a-good-long-password-42",
    )
    assert result.returncode == 0, result.stderr
    assert "Created SALES_REP rep@b.test" in result.stdout


def test_create_admin_with_a_bad_email(tmp_path):
    result = vitrine(
        tmp_path, "create-admin", "not-an-email", VITRINE_ADMIN_PASSWORD="a-good-long-password-42"
    )
    assert result.returncode == 2
    assert result.stderr.startswith("vitrine: ")
    _no_traceback(result)


def test_export_schema_to_stdout(tmp_path):
    result = vitrine(tmp_path, "export-schema", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (REPO / "schema.graphql").read_text(encoding="utf-8")
    # No settings are needed, so nothing is written to the data directory.
    assert not (tmp_path / "secret.key").exists()


def test_export_schema_to_a_file(tmp_path):
    target = tmp_path / "out.graphql"
    result = vitrine(tmp_path, "export-schema", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert f"Wrote {target}" in result.stdout
    assert target.read_text(encoding="utf-8") == (REPO / "schema.graphql").read_text(
        encoding="utf-8"
    )


def test_console_script_is_installed(tmp_path):
    script = REPO / ".venv" / "bin" / "vitrine"
    if not script.exists():
        pytest.skip("no .venv/bin/vitrine")
    result = subprocess.run(
        [str(script), "--help"],
        cwd=REPO,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0
    for command in ("serve", "migrate", "demo", "create-admin", "export-schema"):
        assert command in result.stdout


_QUEUE = """
import asyncio
from graphql_api import db
from graphql_api.settings import Settings
from graphql_api.services import notifications

async def main():
    settings = Settings.from_env()
    await db.init(settings)
    await notifications.queue("password_reset", "ana@cliente.com.br", "pt-BR",
                              {"name": "Ana", "url": "http://x/reset?token=abc",
                               "expires_minutes": 60})
    await db.close()

asyncio.run(main())
"""


def test_worker_delivers_queued_mail_and_stops_on_sigterm(tmp_path):
    import signal
    import time

    assert vitrine(tmp_path, "migrate").returncode == 0
    env = _env(tmp_path, VITRINE_MAIL_BACKEND="directory")
    subprocess.run([sys.executable, "-c", _QUEUE], env=env, check=True, timeout=120)
    worker = subprocess.Popen(
        [sys.executable, "-m", "graphql_api.cli", "worker"],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        mail = tmp_path / "mail"
        while time.monotonic() < deadline and not list(mail.glob("*.eml")):
            time.sleep(0.2)
        files = list(mail.glob("*.eml"))
        assert len(files) == 1
        assert "ana@cliente.com.br" in files[0].read_text(encoding="utf-8")
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert "Delivering notifications (directory)" in out
