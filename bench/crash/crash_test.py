#!/usr/bin/env python3
"""Crash test: does Liaison lose an acknowledged write when its process dies?

Each cycle starts `liaison serve` on SQLite, has writers create boroughs through the JSON API (each 201 logged by
the client as acknowledged), kills the server with SIGKILL at a random moment, and then checks, with the server
down: every acknowledged borough is in the database, `PRAGMA integrity_check` is ok, and `liaison audit verify`
passes. The next cycle restarts on the same file. Usage:

    python3 bench/crash/crash_test.py [--cycles 100] [--writers 4] [--bin .build/release/liaison] [--seed 1]

Prints one line per cycle and a summary; exits 1 if any acknowledged write was lost or a check failed.
"""

import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(binary, *args, env):
    result = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"liaison {' '.join(args)} failed: {result.stdout}{result.stderr}")
    return result.stdout


def start(binary, env, log):
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--insecure-cookies"],
        env={**env, "LIAISON_LOG_LEVEL": "warning"}, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as answer:
                if b'"ok"' in answer.read():
                    return server, base
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("liaison serve did not become healthy")


def writer(base, token, prefix, acknowledged, lock, stop):
    count = 0
    while not stop.is_set():
        name = f"{prefix}-{count}"
        count += 1
        body = json.dumps({"name": name, "region": "west_london", "population": count}).encode()
        request = urllib.request.Request(
            base + "/api/v1/boroughs", data=body, method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                if answer.status == 201:
                    with lock:
                        acknowledged.add(name)
        except (urllib.error.URLError, ConnectionError, OSError):
            # The server died mid-request: this write was never acknowledged, so it may or may not be there.
            return


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--bin", default=os.environ.get("LIAISON_BIN", ".build/release/liaison"))
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="liaison-crash-")
    database = os.path.join(work, "liaison.sqlite")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIAISON_")}
    env["LIAISON_DATABASE_URL"] = database
    run(options.bin, "migrate", env=env)
    run(options.bin, "demo", "--people", "0", env=env)
    token = run(options.bin, "tokens", "issue", "--email", "admin@demo.liaison.test", "--name", "crash test",
                env=env).split()[-1]
    acknowledged, lock = set(), threading.Lock()
    failures = 0
    started = time.time()
    with open(os.path.join(work, "server.log"), "ab") as log:
        for cycle in range(1, options.cycles + 1):
            server, base = start(options.bin, env, log)
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(base, token, f"c{cycle}w{w}", acknowledged, lock, stop))
                       for w in range(options.writers)]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.2, 2.0))
            server.send_signal(signal.SIGKILL)
            server.wait()
            stop.set()
            for thread in threads:
                thread.join()
            with sqlite3.connect(database) as db:
                stored = {row[0] for row in db.execute("SELECT name FROM boroughs")}
                integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            lost = acknowledged - stored
            verify = subprocess.run([options.bin, "audit", "verify"], env=env, capture_output=True, text=True)
            ok = not lost and integrity == "ok" and verify.returncode == 0
            failures += 0 if ok else 1
            print(f"cycle {cycle}: {len(acknowledged)} acknowledged so far, lost {len(lost)}, "
                  f"integrity {integrity}, audit {'verified' if verify.returncode == 0 else 'BROKEN'}", flush=True)
    print(f"\n{options.cycles} cycles with SIGKILL, {options.writers} writers, {len(acknowledged)} acknowledged "
          f"writes, {failures} cycles with a lost write or a failed check, in {time.time() - started:.0f} s "
          f"(work files in {work})")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
