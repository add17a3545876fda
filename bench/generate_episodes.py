#!/usr/bin/env python3
"""Bulk synthetic casework for the reporting benchmark: after generate_people.py has put N people in the register,
EPISODES episodes among them (every person one, the rest spread at random) over the last two years at the demo
partnership's sites (80% police custody, 17% magistrates', 3% crown court), with a complete PHQ-9 on 65%, a completed
assessment on 30% and an onward referral with its steps on 20%. Written straight into the tables (SQLite or
PostgreSQL), not audited and not for real use: it exists so the dashboard and the national return can be timed at
1,000,000 people and 5,000,000 episodes.

Usage: generate_episodes.py DATABASE_URL PEOPLE EPISODES [--seed S]   (the seed generate_people.py used)
"""

import argparse
import random
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

EPISODE = ("id, person_id, site_id, organisation_id, pathway_point, referral_source, identified_at, urgency, "
           "created_at, updated_at, version, is_screened, is_assessed, is_referred")
SCREENING = ("id, episode_id, person_id, instrument_id, instrument_version, is_complete, total, band, flags, "
             "recorded_by, recorded_at, version")
ASSESSMENT = "id, episode_id, person_id, completed_at, completed_by, created_by, created_at, updated_at, version"
REFERRAL = ("id, episode_id, person_id, service_id, reason, status, supported_to_first_appointment, created_by, "
            "created_at, updated_at, version")
STEP = "referral_id, position, status, occurred_on, recorded_by, recorded_at"
POINTS = {"custody_suite": "police_custody", "magistrates_court": "magistrates_court", "crown_court": "crown_court"}


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def reference(url):
    """Sites by kind (with their organisation), a practitioner to record as, and the services."""
    if url.startswith("sqlite:"):
        db = sqlite3.connect(url[len("sqlite:"):])
        sites = db.execute("SELECT id, organisation_id, kind FROM sites WHERE is_active = 1").fetchall()
        user = db.execute("SELECT id FROM users ORDER BY email LIMIT 1").fetchone()[0]
        services = [r[0] for r in db.execute("SELECT id FROM services ORDER BY name")]
        db.close()
    else:
        def rows(sql):
            out = subprocess.run(["psql", url, "-At", "-F", "\t", "-c", sql], capture_output=True, check=True)
            return [line.split("\t") for line in out.stdout.decode().splitlines() if line]
        sites = [tuple(r) for r in rows("SELECT id, organisation_id, kind FROM sites WHERE is_active")]
        user = rows("SELECT id FROM users ORDER BY email LIMIT 1")[0][0]
        services = [r[0] for r in rows("SELECT id FROM services ORDER BY name")]
    by_kind = {kind: [s for s in sites if s[2] == kind] for kind in POINTS}
    return by_kind, user, services


def casework(people, episodes, seed, by_kind, user, services):
    """Yields (table, row) pairs, episodes first within each person."""
    rng = random.Random(seed + 7)
    now = datetime.now(timezone.utc)
    extra = [0] * people
    for _ in range(episodes - people):
        extra[rng.randrange(people)] += 1
    kinds = [("custody_suite", 0.80), ("magistrates_court", 0.17), ("crown_court", 0.03)]
    number = 0
    for person in range(people):
        person_id = f"bench-{seed}-{person:07d}"
        for _ in range(1 + extra[person]):
            number += 1
            kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
            site = rng.choice(by_kind[kind])
            identified = now - timedelta(seconds=rng.uniform(0, 730 * 86400))
            at = stamp(identified)
            episode = f"be-{number:08d}"
            screened, assessed, referred = rng.random() < 0.65, rng.random() < 0.30, rng.random() < 0.20
            yield "episodes", (episode, person_id, site[0], site[1], POINTS[kind], "police_custody_staff", at,
                               "routine", at, at, 1, screened, assessed, referred)
            if screened:
                yield "screening_responses", (f"bs-{number:08d}", episode, person_id, "phq9", "1", True, 10,
                                              "Moderate", "", user,
                                              stamp(identified + timedelta(minutes=rng.uniform(10, 600))), 1)
            if assessed:
                done = stamp(identified + timedelta(hours=rng.uniform(1, 72)))
                yield "assessments", (f"ba-{number:08d}", episode, person_id, done, user, user, at, done, 1)
            if referred:
                referral = f"br-{number:08d}"
                steps = ["proposed", "sent", "accepted", "attended", "engaged"][:rng.choice([2, 3, 3, 4, 5])]
                yield "referrals", (referral, episode, person_id, rng.choice(services), "bench", steps[-1],
                                    rng.random() < 0.3, user, at, at, 1)
                day = identified.date()
                for position, status in enumerate(steps):
                    yield "referral_steps", (referral, position, status, (day + timedelta(days=position * 3)).isoformat(),
                                             user, at)


COLUMNS = {"episodes": EPISODE, "screening_responses": SCREENING, "assessments": ASSESSMENT, "referrals": REFERRAL,
           "referral_steps": STEP}
ORDER = ["episodes", "screening_responses", "assessments", "referrals", "referral_steps"]


def progress(done, total):
    print(f"\r  {done:,} of {total:,} episodes", end="", file=sys.stderr, flush=True)


def write(url, rows, total, flush_every=200000):
    sqlite = url.startswith("sqlite:")
    db = sqlite3.connect(url[len("sqlite:"):]) if sqlite else None
    if db:
        db.execute("PRAGMA synchronous=OFF")
    batches = {table: [] for table in ORDER}
    done = 0

    def flush():
        for table in ORDER:
            lines = batches[table]
            if not lines:
                continue
            if db:
                marks = ", ".join("?" * len(lines[0]))
                db.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", lines)
            else:
                data = "".join("\t".join("\\N" if v is None else ("t" if v is True else "f" if v is False else str(v))
                                         for v in line) + "\n" for line in lines)
                subprocess.run(["psql", url, "-q", "-c", f"COPY {table} ({COLUMNS[table]}) FROM STDIN"],
                               input=data.encode(), check=True)
            lines.clear()
        if db:
            db.commit()

    for table, line in rows:
        batches[table].append(line)
        if table == "episodes":
            done += 1
            if done % flush_every == 0:
                flush()
                progress(done, total)
    flush()
    progress(done, total)
    print(file=sys.stderr)
    if db:
        db.execute("ANALYZE")
        db.close()
    else:
        subprocess.run(["psql", url, "-q", "-c", "ANALYZE"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("people", type=int)
    parser.add_argument("episodes", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.episodes < args.people:
        sys.exit("EPISODES must be at least PEOPLE: everyone has one")
    by_kind, user, services = reference(args.url)
    if not all(by_kind.values()) or not services:
        sys.exit("Load the demo partnership first (liaison demo --people 0)")
    write(args.url, casework(args.people, args.episodes, args.seed, by_kind, user, services), args.episodes)


if __name__ == "__main__":
    main()
