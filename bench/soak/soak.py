#!/usr/bin/env python3
"""The soak's driver (bench/soak/soak.sh starts the server and calls this): a steady mixed load for N minutes and
the server's resident memory every 30 s.

Reads go through wrk (bench/soak/reads.lua) at a fixed number of connections, drawn at random from: the person page
and the API person (people with an open episode at the practitioner's organisation), their episodes through the
API, the work list (the whole list and "my caseload"), and person searches (name and date of birth) through both the
API and the find page. Writes go through the JSON API from this process, about two a second: a person's details
changed (GET for the ETag, then PUT with If-Match) and a GAD-7 screening recorded on an open episode. Every
request that does not answer as expected is an error; any error, or a server that dies, fails the soak.

Usage: soak.py --base URL --pid PID --database FILE --cookie C --token T [--minutes 10] [--connections 4]
               [--writes-per-second 2] [--series FILE]
"""

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PRACTITIONER = "practitioner@demo.liaison.test"


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def pick(database, rng):
    """People the practitioner may see (an open episode at their organisation, not restricted) and search queries."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    (organisation,) = db.execute("SELECT organisation_id FROM users WHERE email = ?", (PRACTITIONER,)).fetchone()
    rows = db.execute(
        "SELECT e.person_id, e.id FROM episodes e JOIN people p ON p.id = e.person_id "
        "WHERE e.organisation_id = ? AND e.closed_at IS NULL AND p.is_restricted = 0 ORDER BY e.id",
        (organisation,)).fetchall()
    people = db.execute("SELECT given_name, family_name, date_of_birth FROM people ORDER BY id").fetchall()
    db.close()
    rng.shuffle(rows)
    rng.shuffle(people)
    return rows, people


def call(base, token, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/json",
        **({"Content-Type": "application/json"} if data is not None else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as failure:
        return failure.code, dict(failure.headers), failure.read()


class Writer(threading.Thread):
    def __init__(self, base, token, episodes, per_second, deadline, rng):
        super().__init__(daemon=True)
        self.base, self.token, self.episodes, self.deadline, self.rng = base, token, episodes, deadline, rng
        self.interval = 1 / per_second if per_second > 0 else None
        self.requests = 0
        self.writes = 0
        self.errors = []

    def expect(self, what, status, wanted, body):
        self.requests += 1
        if status != wanted:
            self.errors.append(f"{what}: {status} {body[:300].decode(errors='replace')}")
            return False
        return True

    def run(self):
        if self.interval is None:
            return
        n = 0
        next_at = time.monotonic()
        while time.monotonic() < self.deadline:
            person, episode = self.episodes[n % len(self.episodes)]
            try:
                if n % 2 == 0:
                    status, headers, body = call(self.base, self.token, "GET", f"/api/v1/people/{person}")
                    if self.expect("GET person", status, 200, body):
                        details = json.loads(body)["details"]
                        details["reasonableAdjustments"] = f"Soak write {n}: quiet room, extra time to read."
                        status, _, body = call(self.base, self.token, "PUT", f"/api/v1/people/{person}", details,
                                               {"If-Match": headers.get("ETag", "")})
                        if self.expect("PUT person", status, 200, body):
                            self.writes += 1
                else:
                    answers = {str(i): self.rng.randint(0, 3) for i in range(1, 8)}
                    status, _, body = call(self.base, self.token, "POST", f"/api/v1/episodes/{episode}/screenings",
                                           {"instrumentId": "gad7", "answers": answers})
                    if self.expect("POST screening", status, 201, body):
                        self.writes += 1
            except (urllib.error.URLError, ConnectionError, OSError) as failure:
                self.requests += 1
                self.errors.append(f"write {n}: {failure}")
            n += 1
            next_at += self.interval
            time.sleep(max(0.0, next_at - time.monotonic()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--cookie", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--writes-per-second", type=float, default=2)
    parser.add_argument("--sample-seconds", type=int, default=30)
    parser.add_argument("--series", help="write the RSS series here (TSV)")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)

    episodes, people = pick(options.database, rng)
    # Keep only people the practitioner is really shown (the same access rules the server applies).
    visible = []
    for person, episode in episodes[:200]:
        status, _, _ = call(options.base, options.token, "GET", f"/api/v1/people/{person}")
        if status == 200:
            visible.append((person, episode))
        if len(visible) == 60:
            break
    if len(visible) < 10:
        sys.exit(f"only {len(visible)} people visible to {PRACTITIONER}: not enough to soak with")
    reads = []
    for person, _ in visible[:40]:
        reads += [f"page /people/{person}"] * 3 + [f"api /api/v1/people/{person}"] * 2
        reads += [f"api /api/v1/people/{person}/episodes"]
    for given, family, born in people[:40]:
        year, month, day = born.split("-")
        reads.append("api /api/v1/people?" + urllib.parse.urlencode(
            {"givenName": given, "familyName": family, "dateOfBirth": born}))
        reads.append("page /people/find?" + urllib.parse.urlencode(
            {"givenName": given, "familyName": family, "dobDay": day, "dobMonth": month, "dobYear": year}))
    reads += ["page /worklist?mine=yes"] * 20 + ["page /worklist"] * 10
    # One pass over every read path first, so a failing path is named (wrk only counts statuses).
    preflight = {}
    for line in sorted(set(reads)):
        kind, path = line.split(" ", 1)
        if kind == "page":
            request = urllib.request.Request(options.base + path, headers={"Cookie": options.cookie})
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:
                    status, body = answer.status, b""
            except urllib.error.HTTPError as failure:
                status, body = failure.code, failure.read()
        else:
            status, _, body = call(options.base, options.token, "GET", path)
        if status != 200:
            what = path.split("?")[0].rstrip("/")
            what = "/".join("{id}" if len(part) == 36 else part for part in what.split("/"))
            preflight.setdefault(f"{kind} {what} → {status}", []).append((path, body[:200]))
    for what, failures in preflight.items():
        print(f"Preflight: {what}: {len(failures)} paths, e.g. {failures[0][0]} {failures[0][1]!r}", flush=True)
    paths = tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False)
    paths.write("\n".join(reads) + "\n")
    paths.close()

    seconds = int(options.minutes * 60)
    warm_up = min(120, seconds // 5)
    series = []
    started = time.monotonic()

    def sample(label=""):
        value = rss_kib(options.pid)
        series.append((round(time.monotonic() - started), value, label))
        shown = f"{value / 1024:.1f} MiB" if value is not None else "gone"
        print(f"  t={series[-1][0]:>5} s  RSS {shown}{'  ' + label if label else ''}", flush=True)
        return value

    print(f"Soak: {options.minutes:g} min, wrk {options.connections} connections over {len(reads)} read paths "
          f"({len(visible)} people), about {options.writes_per_second:g} API writes/s; RSS every "
          f"{options.sample_seconds} s", flush=True)
    sample("start (idle, before load)")
    deadline = time.monotonic() + seconds
    writer = Writer(options.base, options.token, visible, options.writes_per_second, deadline, rng)
    env = {**os.environ, "SOAK_PATHS": paths.name, "SOAK_COOKIE": options.cookie, "SOAK_TOKEN": options.token}
    wrk = subprocess.Popen(
        ["wrk", "-t2", f"-c{options.connections}", f"-d{seconds}s", "--timeout", "30s",
         "-s", os.path.join(HERE, "reads.lua"), options.base],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    writer.start()
    marks = sorted({*range(options.sample_seconds, seconds, options.sample_seconds), warm_up})
    while wrk.poll() is None:
        time.sleep(0.5)
        elapsed = time.monotonic() - started
        if marks and elapsed >= marks[0]:
            mark = marks.pop(0)
            if rss_kib(options.pid) is None:
                print("the server died", flush=True)
                wrk.kill()
                break
            sample("after warm-up" if mark == warm_up else "")
    output = wrk.communicate()[0]
    writer.join(timeout=60)
    end_rss = sample("end")
    os.unlink(paths.name)

    result = next((json.loads(line.split(" ", 1)[1]) for line in output.splitlines() if line.startswith("SOAK-WRK ")),
                  None)
    if result is None:
        print(output)
        sys.exit("wrk gave no result")
    read_errors = sum(count for status, count in result["statuses"].items() if status != "200")
    read_errors += sum(result["errors"][k] for k in ("connect", "read", "write", "timeout"))
    if options.series:
        with open(options.series, "w") as out:
            out.write("seconds\trss_kib\tnote\n")
            out.writelines(f"{t}\t{v}\t{label}\n" for t, v, label in series)

    values = [v for _, v, _ in series if v is not None]
    warm = next((v for _, v, label in series if label == "after warm-up"), None)
    lat = result["latency_us"]
    print(f"\nReads (wrk): {result['requests']} requests in {result['duration_us'] / 1e6:.0f} s "
          f"({result['requests'] / (result['duration_us'] / 1e6):.1f}/s), statuses {result['statuses']}, "
          f"socket errors {result['errors']}, latency p50 {lat['p50'] / 1000:.1f} ms, p90 {lat['p90'] / 1000:.1f} ms, "
          f"p99 {lat['p99'] / 1000:.1f} ms, max {lat['max'] / 1000:.1f} ms")
    print(f"Writes (API): {writer.requests} requests, {writer.writes} writes, {len(writer.errors)} errors")
    for error in writer.errors[:10]:
        print(f"  {error}")
    print(f"RSS: start {values[0] / 1024:.1f} MiB, after warm-up {warm / 1024 if warm else float('nan'):.1f} MiB, "
          f"end {(end_rss or 0) / 1024:.1f} MiB, max {max(values) / 1024:.1f} MiB")
    print("RSS series (s: MiB): " + ", ".join(f"{t}: {v / 1024:.1f}" for t, v, _ in series if v is not None))
    errors = read_errors + len(writer.errors) + sum(len(f) for f in preflight.values())
    print(f"Total: {result['requests'] + writer.requests} requests, {errors} errors")
    if end_rss is None:
        sys.exit("FAILED: the server died during the soak")
    if errors:
        sys.exit(f"FAILED: {errors} errors")


if __name__ == "__main__":
    main()
