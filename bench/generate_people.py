#!/usr/bin/env python3
"""Bulk synthetic people for the search benchmark: N rows straight into `people` and `person_names` (SQLite
or PostgreSQL), shaped like the register (Zipf-distributed surnames from a pool of ~20,000 made-up ones, ages 12-75,
60% with an NHS number, 10% with an alias). Not audited and not for real use: it exists so the search can be timed at
100k and 1M people without generating a year of casework for each.

Usage: generate_people.py DATABASE_URL COUNT [--seed S]   (sqlite:PATH or postgres://...)
Prints the query set (JSON lines) to bench/queries.jsonl: real people to look for, with typos, swaps and aliases.
"""

import argparse
import json
import random
import sqlite3
import subprocess
import sys
from datetime import date, timedelta

SYLLABLES = ["ab", "ad", "al", "an", "ar", "ba", "be", "bo", "da", "de", "di", "el", "en", "er", "fa", "ga", "ha",
             "ho", "ka", "ki", "ko", "la", "le", "li", "lo", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "o", "ol",
             "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "u", "va", "wi", "ya", "za"]
ENDINGS = ["", "s", "son", "ton", "ley", "man", "er", "ski", "ova", "ian", "ez", "es", "ey", "ine", "well", "by"]
GIVEN = ["James", "Daniel", "Connor", "Liam", "Jack", "Ryan", "Michael", "Lee", "Kyle", "Jordan", "Callum", "Kwame",
         "Kofi", "Emmanuel", "Tunde", "Marcus", "Jerome", "Mohammed", "Imran", "Arjun", "Piotr", "Andrei", "Marco",
         "Emma", "Chloe", "Sophie", "Jade", "Kelly", "Amira", "Fatima", "Aisha", "Grace", "Precious", "Elena", "Ana"]


def nhs_number(rng):
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def surnames(rng, count=20000):
    pool = set()
    while len(pool) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) + rng.choice(ENDINGS)
        pool.add(name.capitalize())
    return sorted(pool)


def people(count, seed):
    rng = random.Random(seed)
    pool = surnames(rng)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(pool))]  # a few common names, a long tail
    today = date(2026, 11, 23)
    now = "2026-11-23T00:00:00.000Z"
    families = rng.choices(pool, weights, k=count)
    for index in range(count):
        family = families[index]
        given = rng.choice(GIVEN)
        born = today - timedelta(days=rng.randint(12 * 365 + 5, 75 * 365))
        alias = f"{rng.choice(GIVEN)} {rng.choice(pool)}" if rng.random() < 0.1 else None
        yield {
            "id": f"bench-{seed}-{index:07d}", "given": given, "family": family, "dob": born.isoformat(),
            "gender": "2" if rng.random() < 0.15 else "1", "nhs": nhs_number(rng) if rng.random() < 0.6 else None,
            "alias": alias, "now": now,
        }


COLUMNS = ("id, given_name, family_name, date_of_birth, "
           "date_of_birth_is_approximate, stated_gender, ethnicity, nhs_number, no_fixed_abode, interpreter_needed, "
           "is_restricted, created_at, updated_at, version")


def row(p):
    return (p["id"], p["given"], p["family"], p["dob"], False, p["gender"], "99", p["nhs"], False, False, False,
            p["now"], p["now"], 1)


def alias_row(p):
    return (p["id"], "alias", p["alias"], 0)


def write_sqlite(path, rows, columns=COLUMNS, to_row=row):
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    batch, aliases, total = [], [], 0
    marks = ", ".join("?" * len(columns.split(",")))
    for p in rows:
        batch.append(to_row(p))
        if p["alias"]:
            aliases.append(alias_row(p))
        if len(batch) == 20000:
            total += flush_sqlite(db, batch, aliases, marks, columns)
            progress(total)
    total += flush_sqlite(db, batch, aliases, marks, columns)
    progress(total)
    db.close()


def flush_sqlite(db, batch, aliases, marks, columns):
    with db:
        db.executemany(f"INSERT INTO people ({columns}) VALUES ({marks})", batch)
        db.executemany("INSERT INTO person_names (person_id, kind, value, position) VALUES (?,?,?,?)", aliases)
    n = len(batch)
    batch.clear()
    aliases.clear()
    return n


def write_postgres(url, rows, columns=COLUMNS, to_row=row):
    def copy(table, columns, lines):
        data = "".join("\t".join("\\N" if v is None else ("t" if v is True else "f" if v is False else str(v))
                                 for v in line) + "\n" for line in lines)
        subprocess.run(["psql", url, "-q", "-c", f"COPY {table} ({columns}) FROM STDIN"], input=data.encode(),
                       check=True)

    batch, aliases, total = [], [], 0
    for p in rows:
        batch.append(to_row(p))
        if p["alias"]:
            aliases.append(alias_row(p))
        if len(batch) == 100000:
            copy("people", columns, batch)
            copy("person_names", "person_id, kind, value, position", aliases)
            total += len(batch)
            progress(total)
            batch, aliases = [], []
    copy("people", columns, batch)
    copy("person_names", "person_id, kind, value, position", aliases)
    progress(total + len(batch))
    subprocess.run(["psql", url, "-q", "-c", "ANALYZE"], check=True)


def progress(done):
    print(f"\r  {done:,} people", end="", file=sys.stderr, flush=True)


def queries(count, seed, how_many=400):
    """Searches a practitioner would make for people who are there, misspelt or not, plus some who are not."""
    rng = random.Random(seed + 1)
    picks = sorted(rng.sample(range(count), min(how_many, count)))
    wanted = {}
    # Regenerate deterministically and keep the picked ones (cheap compared with the inserts).
    for index, p in enumerate(people(count, seed)):
        if picks and index == picks[0]:
            wanted[index] = p
            picks.pop(0)
    out = []
    for index, p in wanted.items():
        y, m, d = p["dob"].split("-")
        kind = rng.choice(["name_dob", "misspelt_dob", "swapped_dob", "nhs", "alias"])
        if kind == "nhs" and not p["nhs"]:
            kind = "name_dob"
        if kind == "alias" and not p["alias"]:
            kind = "misspelt_dob"
        q = {"kind": kind, "expect": p["id"]}
        if kind == "nhs":
            q["nhsNumber"] = p["nhs"]
        elif kind == "alias":
            given, family = p["alias"].split(" ", 1)
            q.update(givenName=given, familyName=family, dateOfBirth=p["dob"])
        else:
            family = p["family"]
            if kind == "misspelt_dob" and len(family) > 4:
                family = family[:-2] + family[-1] + family[-2]  # transposed last letters
            dob = f"{y}-{d}-{m}" if kind == "swapped_dob" and int(d) <= 12 else p["dob"]
            q.update(givenName=p["given"], familyName=family, dateOfBirth=dob)
        out.append(q)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", default="bench/queries.jsonl")
    args = parser.parse_args()
    rows = people(args.count, args.seed)
    if args.url.startswith("sqlite:"):
        write_sqlite(args.url[len("sqlite:"):], rows)
    elif args.url.startswith("postgres"):
        write_postgres(args.url, rows)
    else:
        sys.exit("DATABASE_URL must be sqlite:PATH or postgres://...")
    print(file=sys.stderr)
    with open(args.queries, "w") as f:
        for q in queries(args.count, args.seed):
            f.write(json.dumps(q) + "\n")


if __name__ == "__main__":
    main()
