#!/usr/bin/env python3
"""Crash test: does Liaison lose an acknowledged write when its process, or its database, dies?

Each cycle starts `liaison serve`, has writers create boroughs through the JSON API (each 201 logged by the client
as acknowledged), kills something with SIGKILL at a random moment, and then checks, with the server down: every
acknowledged borough is in the database, the row count adds up (nothing seen before has gone, at most one
unacknowledged write per writer per cycle is there, `count(*)` agrees), the database's own integrity check passes,
and `liaison audit verify` passes. The next cycle restarts on the same database.

  --database sqlite      (default) a SQLite file; the server is killed; `PRAGMA integrity_check`.
  --database postgres    a throwaway PostgreSQL cluster started by this script (initdb under a temp dir, loopback,
                         a free port, data checksums, fsync=on, synchronous_commit=on, full_page_writes=on,
                         checkpoint_timeout=30s), stopped and deleted at the end even on failure. Integrity:
                         amcheck's `verify_heapam` on every table and `bt_index_parent_check(heapallindexed)` on
                         every B-tree index (pages read through checksums).
  --kill app             (postgres) SIGKILL the liaison server; the cluster stays up.
  --kill postmaster      (postgres) SIGKILL the postmaster while liaison serves; wait for every process of the
                         cluster to exit, stop liaison, restart the cluster (crash recovery), then check.
  --kill alternate       (postgres) app on odd cycles, postmaster on even ones.

Usage:

    python3 bench/crash/crash_test.py [--cycles 100] [--writers 4] [--bin .build/release/liaison] [--seed 1]
                                      [--database sqlite|postgres] [--kill app|postmaster|alternate] [--keep]

Prints one line per cycle and a summary; exits 1 if any acknowledged write was lost or a check failed.
"""

import argparse
import json
import os
import random
import re
import shutil
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

CRASH_NAME = re.compile(r"^c(\d+)w\d+-\d+$")


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
            # The server (or its database) died mid-request: this write was never acknowledged, so it may or may
            # not be there.
            return


class SQLiteDatabase:
    """A SQLite file in the work directory; checked with the server down."""

    def __init__(self, work):
        self.path = os.path.join(work, "liaison.sqlite")
        self.url = self.path

    def describe(self):
        return f"SQLite file {self.path}"

    def read(self):
        """(names, count(*), integrity) with the server down."""
        with sqlite3.connect(self.path) as db:
            names = [row[0] for row in db.execute("SELECT name FROM boroughs")]
            count = db.execute("SELECT count(*) FROM boroughs").fetchone()[0]
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        return names, count, integrity

    def close(self, keep):
        pass


class PostgresCluster:
    """A throwaway PostgreSQL cluster, as scripts/with-postgres.sh starts one, but crash-safe (fsync on)."""

    SETTINGS = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on", "wal_sync_method": None,
                "data_checksums": None, "checkpoint_timeout": None}

    def __init__(self, work):
        if not shutil.which("pg_config") or not os.access(
                os.path.join(subprocess.check_output(["pg_config", "--bindir"], text=True).strip(), "initdb"),
                os.X_OK):
            print("Installing PostgreSQL (apt)…", flush=True)
            subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                                         "apt-install.sh"), "postgresql", "libpq-dev"], check=True)
        self.bindir = subprocess.check_output(["pg_config", "--bindir"], text=True).strip()
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="liaison-crash-pg-")
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.data, "postgres", "postgres")
        self.log = os.path.join(self.data, "server.log")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/liaison_crash?sslmode=disable"
        self.recoveries = 0
        self.leftover_kills = 0
        try:
            self.as_postgres("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--data-checksums")
            self.start()
            self.psql("CREATE DATABASE liaison_crash", database="postgres")
            self.psql("CREATE EXTENSION IF NOT EXISTS amcheck")
            self.settings = {name: self.psql(f"SHOW {name}").strip() for name in self.SETTINGS}
            for name, wanted in self.SETTINGS.items():
                if wanted and self.settings[name] != wanted:
                    raise RuntimeError(f"PostgreSQL {name} is {self.settings[name]}, the crash test needs {wanted}")
        except BaseException:
            self.close(False)
            raise

    def as_postgres(self, program, *args, timeout=300):
        command = [os.path.join(self.bindir, program), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}")
        return result.stdout

    def start(self):
        self.as_postgres(
            "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "300", "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c fsync=on -c synchronous_commit=on "
            "-c full_page_writes=on -c checkpoint_timeout=30s -c max_connections=200", "start")

    def describe(self):
        return (f"PostgreSQL cluster {self.data} on 127.0.0.1:{self.port}, "
                + ", ".join(f"{k}={v}" for k, v in self.settings.items()))

    def psql(self, sql, database="liaison_crash"):
        result = subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "postgres", "-d", database, "-c", sql],
            capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed on {sql!r}: {result.stderr.strip()}")
        return result.stdout

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            return int(f.readline())

    def processes(self):
        """Every process of this cluster: PostgreSQL processes keep the data directory as their working directory."""
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.readlink(f"/proc/{entry}/cwd") == self.data:
                        found.append(int(entry))
                except OSError:
                    pass
        return found

    def kill_postmaster(self):
        postmaster = self.postmaster_pid()
        self.killed = {postmaster, *self.processes()}
        os.kill(postmaster, signal.SIGKILL)

    def wait_for_backends(self, timeout=60):
        """After the postmaster's death its backends exit on their own; restart only once all have gone and been
        reaped (a backend still attached to the old shared memory block, or the postmaster's PID still taken by
        its zombie, makes the new postmaster refuse to start)."""
        deadline = time.time() + timeout
        killed = set()
        while True:
            left = set(self.processes()) | {pid for pid in self.killed if os.path.exists(f"/proc/{pid}")}
            if not left:
                break
            if time.time() > deadline + timeout:
                raise RuntimeError(f"PostgreSQL processes {sorted(left)} still there {2 * timeout} s after the "
                                   "postmaster's death")
            if time.time() > deadline:
                for pid in set(self.processes()) - killed:
                    killed.add(pid)
                    self.leftover_kills += 1
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            time.sleep(0.05)

    def restart_after_crash(self):
        before = self.recovery_messages()
        self.start()
        if self.recovery_messages() <= before:
            raise RuntimeError("PostgreSQL restarted without crash recovery")
        self.recoveries += 1

    def recovery_messages(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read().count("database system was not properly shut down; automatic recovery in progress")
        except FileNotFoundError:
            return 0

    def read(self):
        names = self.psql("SELECT name FROM boroughs").splitlines()
        count = int(self.psql("SELECT count(*) FROM boroughs"))
        problems = []
        tables = ("SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')")
        indexes = ("SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = 'public' AND c.relkind = 'i' "
                   "AND a.amname = 'btree'")
        self.checked = (int(self.psql(f"SELECT count(*) FROM ({tables}) t")),
                        int(self.psql(f"SELECT count(*) FROM ({indexes}) i")))
        # Every page of every table (and its TOAST table) read and checked; each page's checksum is verified as it
        # is read in.
        heap = self.psql(f"SELECT t.oid::regclass, v.blkno, v.offnum, v.msg FROM ({tables}) t, "
                         "LATERAL verify_heapam(t.oid, check_toast => true) v")
        if heap.strip():
            problems.append(f"verify_heapam: {heap.strip()}")
        # Every B-tree index: its structure, parent/child links, and every heap tuple found in it (heapallindexed).
        try:
            self.psql(f"SELECT count(bt_index_parent_check(i.oid, true)) FROM ({indexes}) i")
        except RuntimeError as error:
            problems.append(str(error))
        integrity = "ok" if not problems else "; ".join(problems)
        return names, count, integrity

    def close(self, keep):
        try:
            self.as_postgres("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", timeout=120)
        except (RuntimeError, subprocess.TimeoutExpired):
            for pid in self.processes():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if keep:
            print(f"PostgreSQL data kept in {self.data} (stopped)")
        else:
            shutil.rmtree(self.data, ignore_errors=True)


def stop_server(server):
    if server.poll() is None:
        server.send_signal(signal.SIGKILL)
    server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--bin", default=os.environ.get("LIAISON_BIN", ".build/release/liaison"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--kill", choices=["app", "postmaster", "alternate"], default="app",
                        help="postgres only: what is SIGKILLed each cycle")
    parser.add_argument("--keep", action="store_true", help="postgres: keep the (stopped) cluster's data directory")
    options = parser.parse_args()
    if options.database == "sqlite" and options.kill != "app":
        parser.error("--kill postmaster/alternate needs --database postgres")
    rng = random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="liaison-crash-")
    # A SIGTERM (or SIGHUP) unwinds through the finally below, so the cluster is stopped.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))
    database = None
    server = None
    failures = 0
    try:
        database = SQLiteDatabase(work) if options.database == "sqlite" else PostgresCluster(work)
        print(database.describe(), flush=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LIAISON_")}
        env["LIAISON_DATABASE_URL"] = database.url
        run(options.bin, "migrate", env=env)
        run(options.bin, "demo", "--people", "0", env=env)
        token = run(options.bin, "tokens", "issue", "--email", "admin@demo.liaison.test", "--name", "crash test",
                    env=env).split()[-1]
        names, base_count, _ = database.read()
        base_rows = len(names)  # the demo's boroughs
        acknowledged, lock = set(), threading.Lock()
        seen = set()  # every crash-test borough found after some cycle: none may disappear later
        unacknowledged = 0
        kills = {"app": 0, "postmaster": 0}
        started = time.time()
        cycles = 0
        with open(os.path.join(work, "server.log"), "ab") as log:
            for cycle in range(1, options.cycles + 1):
                target = options.kill if options.kill != "alternate" else ("app" if cycle % 2 else "postmaster")
                server, base = start(options.bin, env, log)
                stop = threading.Event()
                threads = [threading.Thread(target=writer,
                                            args=(base, token, f"c{cycle}w{w}", acknowledged, lock, stop))
                           for w in range(options.writers)]
                for thread in threads:
                    thread.daemon = True  # an interrupted run does not wait for them
                    thread.start()
                time.sleep(rng.uniform(0.2, 2.0))
                if target == "app":
                    server.send_signal(signal.SIGKILL)
                    server.wait()
                    stop.set()
                    for thread in threads:
                        thread.join()
                else:
                    database.kill_postmaster()
                    stop.set()
                    for thread in threads:
                        thread.join()
                    stop_server(server)
                    database.wait_for_backends()
                    database.restart_after_crash()
                kills[target] += 1
                server = None
                try:
                    names, count, integrity = database.read()
                except (RuntimeError, sqlite3.DatabaseError) as error:
                    failures += 1
                    print(f"cycle {cycle}: killed {target}, {len(acknowledged)} acknowledged so far, "
                          f"DATABASE UNREADABLE: {error}", flush=True)
                    break
                stored = set(names)
                crash_rows = {name for name in stored if CRASH_NAME.match(name)}
                with lock:
                    lost = acknowledged - stored
                    extra = crash_rows - acknowledged - seen
                # Row count: nothing found before has gone; the only new rows nobody was told of are this cycle's,
                # at most one a writer (the request in flight when the kill came); count(*) agrees with the rows.
                vanished = seen - stored
                foreign = {name for name in extra if int(CRASH_NAME.match(name).group(1)) != cycle}
                rows_ok = (not vanished and not foreign and len(extra) <= options.writers
                           and count == len(names) == base_rows + len(crash_rows))
                cycles += 1
                unacknowledged += len(extra)
                seen |= crash_rows
                verify = subprocess.run([options.bin, "audit", "verify"], env=env, capture_output=True, text=True)
                ok = not lost and integrity == "ok" and verify.returncode == 0 and rows_ok
                failures += 0 if ok else 1
                print(f"cycle {cycle}: killed {target}, {len(acknowledged)} acknowledged so far, lost {len(lost)}, "
                      f"rows {count} ({len(extra)} unacknowledged{', ROW COUNT WRONG' if not rows_ok else ''}), "
                      f"integrity {integrity}, audit {'verified' if verify.returncode == 0 else 'BROKEN'}",
                      flush=True)
                if not ok:
                    if lost:
                        print(f"  lost: {sorted(lost)[:20]}", flush=True)
                    if vanished or foreign:
                        print(f"  vanished: {sorted(vanished)[:20]}, from another cycle: {sorted(foreign)[:20]}",
                              flush=True)
                    if verify.returncode != 0:
                        print(f"  audit verify: {(verify.stdout + verify.stderr).strip()[-2000:]}", flush=True)
        elapsed = time.time() - started
        what = "SIGKILL" if options.database == "sqlite" else (
            f"SIGKILL on PostgreSQL ({kills['app']} of the app, {kills['postmaster']} of the postmaster)")
        print(f"\n{cycles} cycles with {what}, {options.writers} writers, {len(acknowledged)} acknowledged "
              f"writes, {unacknowledged} unacknowledged writes found stored, {failures} cycles with a lost write "
              f"or a failed check, in {elapsed:.0f} s (work files in {work})")
        if options.database == "postgres":
            tables, indexes = database.checked
            print(f"{database.describe()}; {database.recoveries} crash recoveries; amcheck over {tables} tables "
                  f"and {indexes} B-tree indexes each cycle; backends killed after the postmaster's death: "
                  f"{database.leftover_kills}")
    finally:
        if server is not None:
            stop_server(server)
        if database is not None:
            database.close(options.keep)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
