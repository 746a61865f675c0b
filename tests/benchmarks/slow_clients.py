#!/usr/bin/env python3
"""/api/health while one client holds many slow or idle connections to ``claimdesk serve``.

The server is ``claimdesk serve`` in a process of its own, on SQLite in a temporary directory,
at 127.0.0.1 on a free port. The hostile client opens CONNECTIONS connections: half of them idle
(connected, nothing sent), half slow (a request's headers, one line every two seconds, never
finished: "slowloris"). Then a well-behaved client times GET /api/health, each on a new connection.

  1. baseline: the probes alone, same server, same run;
  2. under load: the probes while the connections are held, with serve's defaults;
  3. contrast: the same with --connection-limit 100 (waitress's own default), to show what the
     defaults prevent: there the probes wait until they time out.

Target: with 300 connections held, every probe answers within 1 s.

    python3 tests/benchmarks/slow_clients.py [--connections 300] [--probes 40]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from statistics import median

import requests

TARGET_SECONDS = 1.0


@contextlib.contextmanager
def serve(database: str, *options: str):
    """``claimdesk serve`` on a free port; yield its base URL. Its output is drained, not shown."""
    command = [sys.executable, "-c", "from service.cli import cli; cli()", "serve", "--port", "0",
               "--database", database, *options]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # access log on, as in production
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as server:
        lines = []
        for line in server.stdout:
            lines.append(line)
            if "serving on" in line:
                break
        else:
            raise SystemExit("server did not start:\n" + "".join(lines))
        drain = threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True)
        drain.start()
        try:
            yield line.split("serving on ")[1].split("/ ")[0].rstrip("/\n")
        finally:
            server.terminate()
            drain.join(10)


class HostileClient:
    """Holds ``count`` connections to host:port: half idle, half trickling an endless request."""

    def __init__(self, host: str, port: int, count: int):
        self.sockets: list[socket.socket] = []
        self.stop = threading.Event()
        for number in range(count):
            sock = socket.create_connection((host, port), timeout=5)
            if number % 2:
                sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self.trickler = threading.Thread(target=self._trickle, daemon=True)
        self.trickler.start()

    def _trickle(self) -> None:
        line = 0
        while not self.stop.wait(2.0):
            line += 1
            for sock in self.sockets[1::2]:
                with contextlib.suppress(OSError):
                    sock.sendall(f"X-Slow-{line}: a\r\n".encode())

    def still_open(self) -> int:
        """Connections the server has not closed (a closed one reads as EOF at once)."""
        open_count = 0
        for sock in self.sockets:
            sock.setblocking(False)
            try:
                open_count += sock.recv(1, socket.MSG_PEEK) != b""
            except BlockingIOError:
                open_count += 1
            except OSError:
                pass
            finally:
                sock.setblocking(True)
        return open_count

    def close(self) -> None:
        self.stop.set()
        self.trickler.join(5)
        for sock in self.sockets:
            sock.close()


def probe(base: str, count: int, timeout: float) -> tuple[list[float], int]:
    """Seconds per GET /api/health, each on a new connection; and how many failed or timed out."""
    seconds, failed = [], 0
    for _ in range(count):
        started = time.perf_counter()
        try:
            response = requests.get(f"{base}/api/health", timeout=timeout, headers={"Connection": "close"})
            response.raise_for_status()
        except requests.RequestException:
            failed += 1
            continue
        seconds.append(time.perf_counter() - started)
    return seconds, failed


def report(label: str, seconds: list[float], failed: int, baseline: float | None = None) -> None:
    if not seconds:
        print(f"{label:<44} no answer ({failed} of {failed} probes failed or timed out)")
        return
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    ratio = f"  p50 {median(seconds) / baseline:5.1f}x baseline" if baseline else ""
    print(f"{label:<44} p50 {median(seconds) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
          f"max {ordered[-1] * 1000:7.1f} ms  failed {failed}{ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--probes", type=int, default=40)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/claimdesk.sqlite3"
        with serve(database) as base:
            host, port = base.split("//")[1].split(":")
            probe(base, 5, 5.0)  # warm up: first requests compile templates, open the database
            baseline, baseline_failed = probe(base, args.probes, 5.0)
            hostile = HostileClient(host, int(port), args.connections)
            time.sleep(1.0)  # let the server accept them all
            loaded, loaded_failed = probe(base, args.probes, 5.0)
            held = hostile.still_open()
            hostile.close()
        with serve(database, "--connection-limit", "100") as base:
            host, port = base.split("//")[1].split(":")
            hostile = HostileClient(host, int(port), args.connections)
            time.sleep(1.0)
            contrast, contrast_failed = probe(base, 3, 2.0)
            hostile.close()

    print(f"claimdesk serve defaults; {args.probes} probes of GET /api/health, each on a new connection")
    base_p50 = median(baseline) if baseline else None
    report("baseline (no other connections)", baseline, baseline_failed)
    report(f"{args.connections} slow/idle connections ({held} held open)", loaded, loaded_failed, base_p50)
    report("same, --connection-limit 100 (3 probes, 2 s)", contrast, contrast_failed)
    worst = max(loaded) if loaded else float("inf")
    ok = loaded_failed == 0 and worst <= TARGET_SECONDS and held == args.connections
    print(f"target: every probe within {TARGET_SECONDS:.0f} s with {args.connections} connections held: "
          f"{'met' if ok else 'NOT met'} (worst {worst * 1000:.1f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
