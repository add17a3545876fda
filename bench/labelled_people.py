#!/usr/bin/env python3
"""Search-before-create on data the engine's authors did not write: a labelled file (the columns
`bench/matching/convert.py` writes) split into a register and the searches for it. The first record of each cluster
with a date of birth is registered (rows straight into `people` and `person_names`, as generate_people.py writes
them, its first alias with it); every other record of a cluster becomes a search through the API that expects the
registered one in its ten results. Searches are grouped by what the two records share: an NHS number or PNC ID
("shared_id"), no identifier but both dates of birth ("no_id"), no identifier and no date on the search
("no_id_no_dob"). Each search gives its record's postcode, where it has one, unless --no-postcodes. Custody numbers (FEBRL's social security number) are neither registered nor searched.
`--absent N` clusters (chosen at random, at most a tenth of them) are not registered at all, and the first dated record of each is searched
for ("absent": nothing should be called a match), so that what search shows a person who is not there is measured
beside what it finds.

Usage: labelled_people.py DATABASE_URL LABELLED.csv [--queries OUT] [--limit N] [--absent N] [--seed S]
"""

import argparse
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_people as gp  # noqa: E402

COLUMNS = gp.COLUMNS + ", pnc_id, postcode"


def to_row(p):
    return gp.row(p) + (p["pnc"], p["postcode"])


CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def pnc(text):
    """The PNC ID in the long form the register stores, its check letter recomputed from the digits: the project's
    generator writes random letters, which the API rightly refuses. Consistent on both sides, so equal digits stay
    equal and different digits stay different."""
    if not text or "/" not in text:
        return None
    year, rest = text.strip().upper().split("/", 1)
    serial = rest[:-1].rjust(7, "0")
    if len(year) != 2 or not year.isdigit() or not serial.isdigit() or len(serial) != 7:
        return None
    letter = CHECK_LETTERS[int(year + serial) % 23]
    return f"{'20' if int(year) <= 26 else '19'}{year}/{serial}{letter}"


def read(path):
    with open(path, newline="") as f:
        records = list(csv.DictReader(f))
    clusters = {}
    for record in records:
        clusters.setdefault(record["cluster"], []).append(record)
    return clusters


def person(record):
    aliases = [a for a in (record.get("aliases") or "").split("|") if " " in a.strip()]
    return {
        "id": f"lab-{record['unique_id']}", "given": record["first_name"] or "", "family": record["surname"] or "",
        "dob": record["dob"], "gender": "2" if (record.get("sex") or "").upper().startswith("F") else "1",
        "nhs": record.get("nhs_number") or None, "pnc": pnc(record.get("pnc_id")),
        "postcode": record.get("postcode") or None, "alias": aliases[0].strip() if aliases else None,
        "now": "2026-12-05T00:00:00.000Z",
    }


def search(record, registered, postcodes=True):
    q = {"expect": f"lab-{registered['unique_id']}"}
    for key, column in (("givenName", "first_name"), ("familyName", "surname"), ("dateOfBirth", "dob"),
                        ("nhsNumber", "nhs_number")) + ((("postcode", "postcode"),) if postcodes else ()):
        if record.get(column):
            q[key] = record[column]
    if pnc(record.get("pnc_id")):
        q["pncId"] = pnc(record["pnc_id"])
    shared = any(record.get(c) and record.get(c) == registered.get(c) for c in ("nhs_number", "pnc_id"))
    q["kind"] = "shared_id" if shared else "no_id" if record.get("dob") else "no_id_no_dob"
    return q


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("labelled")
    parser.add_argument("--queries", default="bench/queries.jsonl")
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--absent", type=int, default=200, help="clusters left out of the register and searched for")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-postcodes", dest="postcodes", action="store_false",
                        help="search without the postcode, as the search could before it took one")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    clusters = [members for members in read(args.labelled).values() if any(r["dob"] for r in members)]
    # At most a tenth of the clusters, so that a small set (fake_1000 has 251 people) keeps its register.
    left_out = set(rng.sample(range(len(clusters)), min(args.absent, len(clusters) // 10)))
    register, searches, absent = [], [], []
    for index, members in enumerate(clusters):
        registered = next(r for r in members if r["dob"])
        if index in left_out:
            asked = search(registered, registered, args.postcodes)
            absent.append(dict({k: v for k, v in asked.items() if k != "expect"}, kind="absent"))
            continue
        register.append(person(registered))
        searches += [search(r, registered, args.postcodes) for r in members if r is not registered]
    if len(searches) > args.limit:
        searches = rng.sample(searches, args.limit)
    searches += absent
    if args.url.startswith("sqlite:"):
        gp.write_sqlite(args.url[len("sqlite:"):], register, COLUMNS, to_row)
    elif args.url.startswith("postgres"):
        gp.write_postgres(args.url, register, COLUMNS, to_row)
    else:
        sys.exit("DATABASE_URL must be sqlite:PATH or postgres://...")
    print(f"\n  registered {len(register):,} people; {len(searches) - len(absent):,} searches for them and "
          f"{len(absent):,} for people left out", file=sys.stderr)
    with open(args.queries, "w") as f:
        for q in searches:
            f.write(json.dumps(q) + "\n")


if __name__ == "__main__":
    main()
