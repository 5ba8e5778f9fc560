"""Real `vitrine` processes for tests: `vitrine serve` on free ports, and the CLI."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from graphql_api.settings import Settings

REPO = Path(__file__).resolve().parent.parent
# Loading the demo takes most of it; on a shared, busy machine it has taken over a minute.
STARTUP_SECONDS = 150
SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256-signing"
PASSWORD = "correct-horse-battery"

STAFF_LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) {
    session { token } userErrors { code message } } }"""


def base_env(**settings: str) -> dict[str, str]:
    """The environment without any Vitrine setting of the caller's, plus `settings`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("VITRINE_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        VITRINE_SECRET_KEY=SECRET_KEY,
        VITRINE_LOG_LEVEL="WARNING",
        VITRINE_ADMIN_PASSWORD=PASSWORD,
    )
    env.update(settings)
    return env


def on_test_database(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a `vitrine serve` on the suite's own database (the fixtures' rows stay
    visible to it, and the test can count rows in-process), without its own outbox worker."""
    return base_env(
        DATABASE_URL=settings.database_url,
        VITRINE_DATA_DIR=str(settings.data_dir),
        VITRINE_SECRET_KEY=settings.secret_key,
        VITRINE_RUN_WORKER="0",
        **extra,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(env: Mapping[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graphql_api.cli", *args],
        cwd=REPO,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
    )


def start_cli(env: Mapping[str, str], *args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "graphql_api.cli", *args],
            cwd=REPO,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


@dataclass
class Server:
    """One `vitrine serve` process: started, waited for, stopped or killed (kill -9) and started
    again on the same port, as the crash tests need. With `group`, the process leads its own
    process group, so stop() and kill() reach uvicorn's worker processes too."""

    env: Mapping[str, str]
    log: Path
    port: int = 0
    args: tuple[str, ...] = ()
    group: bool = False
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.port = self.port or free_port()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    base = url

    def client(self, **options: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=options.pop("timeout", 60), **options)

    def spawn(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "graphql_api.cli", "serve", "--port", str(self.port)]
                + list(self.args),
                cwd=REPO,
                env=dict(self.env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=self.group,
            )

    def wait_ready(self, deadline: float | None = None) -> None:
        """Until /readyz answers 200 (the database is reachable), or fail with the server's log."""
        deadline = deadline or time.monotonic() + STARTUP_SECONDS
        assert self.process is not None
        while True:
            assert self.process.poll() is None, f"server exited early:\n{self.log.read_text()}"
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"no start:\n{self.log.read_text()}"
            time.sleep(0.2)

    def start(self) -> None:
        self.spawn()
        self.wait_ready()

    def _signal(self, signum: int) -> None:
        assert self.process is not None
        if self.group:
            os.killpg(self.process.pid, signum)
        else:
            self.process.send_signal(signum)

    def kill(self) -> None:
        """kill -9: no shutdown, no rollback by the app."""
        self._signal(signal.SIGKILL)
        assert self.process is not None
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM (a graceful shutdown), then SIGKILL after 30 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def serving(
    envs: list[dict[str, str]],
    logs: Path,
    *,
    args: tuple[str, ...] = (),
    ports: list[int] | None = None,
) -> Iterator[list[Server]]:
    """One `vitrine serve` per environment, each on a free port (or the given one), all started
    before any is waited for; stopped (SIGTERM, then SIGKILL) on the way out."""
    with ExitStack() as stack:
        servers: list[Server] = []
        for index, env in enumerate(envs):
            port = ports[index] if ports else 0
            server = Server(env, logs / f"server-{index}.log", port, args)
            server.spawn()
            stack.callback(server.stop)
            servers.append(server)
        deadline = time.monotonic() + STARTUP_SECONDS
        for server in servers:
            server.wait_ready(deadline)
        yield servers


def graphql(
    http: httpx.Client, query: str, variables: dict[str, Any] | None = None, token: str = ""
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


def data(
    http: httpx.Client, query: str, variables: dict[str, Any] | None = None, token: str = ""
) -> dict[str, Any]:
    response = graphql(http, query, variables, token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


def staff_token(http: httpx.Client, email: str, password: str = PASSWORD) -> str:
    payload = data(http, STAFF_LOGIN, {"email": email, "password": password})["staffLogin"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["session"]["token"]
