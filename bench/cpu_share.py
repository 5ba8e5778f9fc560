"""Whose CPU a load used: the server's processes, PostgreSQL's, the load client's and the rest
of the machine, read from /proc before and after the load (Linux only; elsewhere nothing is
measured). On a machine whose cores the server shares with its database and its load
generator, this is what bounds the throughput of a second worker: two cores give at most
2,000 ms of CPU a second, whoever uses them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Sample:
    """CPU seconds used so far by each group, and the machine's (all cores) busy, idle and
    stolen seconds (stolen: taken by other guests of the host, on a virtual machine)."""

    server: float
    postgres: float
    client: float
    busy: float
    idle: float
    steal: float


@dataclass(frozen=True)
class Share:
    """CPU milliseconds per request of a load, by group; `other` is the rest of the machine's
    busy time (other processes, interrupts). `busy_pct` and `steal_pct` are of all cores."""

    requests: int
    server_ms: float
    postgres_ms: float
    client_ms: float
    other_ms: float
    busy_pct: float
    steal_pct: float

    @property
    def total_ms(self) -> float:
        return self.server_ms + self.postgres_ms + self.client_ms + self.other_ms

    def ceiling(self, cores: int) -> float:
        """Requests per second the machine could answer if every core were busy with this
        load in these proportions."""
        return cores * 1000 / self.total_ms if self.total_ms else 0.0


def _stat(pid: str) -> tuple[str, int, float] | None:
    """(command name, parent pid, CPU seconds) of a process, or None when it is gone."""
    try:
        text = (_PROC / pid / "stat").read_text()
    except OSError:
        return None
    # The name is in parentheses and may itself hold spaces or parentheses.
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # After the name: state, ppid, ..., utime (11th), stime (12th).
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def sample(server_pid: int) -> Sample | None:
    """CPU used so far by `server_pid` and its descendants, by every `postgres` process, by this
    process, and by the machine; None where /proc cannot be read."""
    if not (_PROC / "stat").exists():
        return None
    processes = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            found = _stat(entry.name)
            if found is not None:
                processes[int(entry.name)] = found
    # The uvicorn supervisor, its workers, and what they started.
    family = _family(server_pid, {pid: parent for pid, (_, parent, _) in processes.items()})
    server = sum(processes[p][2] for p in family if p in processes)
    postgres = sum(cpu for name, _, cpu in processes.values() if name == "postgres")
    client = processes.get(os.getpid(), ("", 0, 0.0))[2]
    cpu = (_PROC / "stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(v) for v in cpu[:8]]  # user nice system idle iowait irq softirq steal
    idle = (ticks[3] + ticks[4]) / _TICK
    steal = ticks[7] / _TICK
    busy = sum(ticks) / _TICK - idle - steal
    return Sample(server, postgres, client, busy, idle, steal)


def share(before: Sample | None, after: Sample | None, requests: int) -> Share | None:
    """What the load between two samples used per request."""
    if before is None or after is None or requests == 0:
        return None
    server = after.server - before.server
    postgres = after.postgres - before.postgres
    client = after.client - before.client
    busy = after.busy - before.busy
    idle = after.idle - before.idle
    steal = after.steal - before.steal
    whole = busy + idle + steal
    per = 1000 / requests
    return Share(
        requests=requests,
        server_ms=server * per,
        postgres_ms=postgres * per,
        client_ms=client * per,
        other_ms=max(0.0, busy - server - postgres - client) * per,
        busy_pct=100 * busy / whole if whole else 0.0,
        steal_pct=100 * steal / whole if whole else 0.0,
    )


def connection_owners(server_pid: int, client_ports: set[int]) -> dict[int, int]:
    """Which process of the server (`server_pid` or a descendant) holds the server end of each
    loopback TCP connection whose client end is one of `client_ports`: {client port: pid}."""
    inodes: dict[str, int] = {}  # socket inode -> client port
    for table in ("tcp", "tcp6"):
        try:
            lines = (_PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port in client_ports:
                inodes[fields[9]] = remote_port
    owners: dict[int, int] = {}
    for pid in _family(server_pid, _parents()):
        try:
            links = [os.readlink(fd) for fd in (_PROC / str(pid) / "fd").iterdir()]
        except OSError:
            continue
        for link in links:
            if link.startswith("socket:[") and link[8:-1] in inodes:
                owners[inodes[link[8:-1]]] = pid
    return owners


def _parents() -> dict[int, int]:
    """{pid: parent pid} of every process still there."""
    parents = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            found = _stat(entry.name)
            if found is not None:
                parents[int(entry.name)] = found[1]
    return parents


def _family(root: int, parents: dict[int, int]) -> set[int]:
    """`root` and its descendants."""
    family = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return family
