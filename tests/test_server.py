"""A real `vitrine serve --demo` process (uvicorn) on a fresh SQLite data directory."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests import servers

LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) {
    session { token } userErrors { code message } } }"""
COUNT = "{ companies(first: 100) { totalCount } }"


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def serving(data_dir: Path, log: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`vitrine serve --demo` on `port` with nothing but a data directory: no secret key in the
    environment (the one the app keeps in the data directory must survive a restart), the demo's
    own passwords."""
    assert _port_is_free(port), f"port {port} is already in use"
    env = servers.base_env(VITRINE_DATA_DIR=str(data_dir))
    for name in ("VITRINE_SECRET_KEY", "VITRINE_ADMIN_PASSWORD"):
        env.pop(name)
    server = servers.Server(env, log, port, ("--demo",))
    server.spawn()
    try:
        server.wait_ready()
        assert server.process is not None
        yield server.process
    finally:
        server.stop()


def _token(http: httpx.Client, email: str) -> str:
    response = http.post(
        "/graphql", json={"query": LOGIN, "variables": {"email": email, "password": "vitrine-demo"}}
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["staffLogin"]
    assert payload["userErrors"] == []
    return payload["session"]["token"]


def _total(http: httpx.Client, token: str) -> int:
    response = http.post(
        "/graphql", json={"query": COUNT}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["companies"]["totalCount"]


def test_serve_demo_and_restart(tmp_path):
    data_dir = tmp_path / "data"
    log = tmp_path / "server.log"
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"

    with serving(data_dir, log, port) as process, httpx.Client(base_url=base, timeout=30) as http:
        assert http.get("/healthz").text == "ok"
        ready = http.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ok"}

        admin_token = _token(http, "admin@vitrine.test")
        assert _total(http, admin_token) == 36
        rep_total = _total(http, _token(http, "rep@vitrine.test"))
        assert 0 < rep_total < 36

        anonymous = http.post("/graphql", json={"query": COUNT}).json()
        assert anonymous["data"] is None
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert process.returncode is not None
    assert "Loaded demo data: 36 companies" in log.read_text()
    assert (data_dir / "vitrine.sqlite3").is_file()
    assert _port_is_free(port)

    with serving(data_dir, log, port), httpx.Client(base_url=base, timeout=30) as http:
        # The signing key lives in the data directory, so a token survives the restart.
        assert _total(http, admin_token) == 36
        assert _total(http, _token(http, "admin@vitrine.test")) == 36
        assert _total(http, _token(http, "rep@vitrine.test")) == rep_total
    assert "Kept the existing demo data: 36 companies" in log.read_text()
