#!/usr/bin/env python3
"""Writes a court list CSV for the list-import benchmark from the person-search query set.

Each query that names a person (misspelt, date swapped, alias or exact, as bench/generate_people.py wrote them)
becomes a hearing; strangers fill the list up to --lines. Hearings run from 10:00 in courtrooms 1-6.
Usage: bench/court_list.py QUERIES.jsonl OUT.csv [--lines 500] [--court NAME]
"""
import argparse
import csv
import json
import random

GIVEN = ["Alex", "Sam", "Jordan", "Casey", "Robin", "Morgan", "Riley", "Taylor", "Jamie", "Avery"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries")
    parser.add_argument("out")
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--court", default="Willesden Magistrates' Court")
    args = parser.parse_args()
    rng = random.Random(7)
    people = []
    with open(args.queries) as f:
        for line in f:
            q = json.loads(line)
            if "familyName" in q and "dateOfBirth" in q:
                people.append((q["givenName"], q["familyName"], q["dateOfBirth"]))
    people = people[: args.lines]
    while len(people) < args.lines:
        year = rng.randint(1950, 2005)
        people.append((rng.choice(GIVEN), "Zq" + "".join(rng.choice("aeioulmnrst") for _ in range(7)),
                       f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
    rng.shuffle(people)
    with open(args.out, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Court", "Courtroom", "Hearing time", "Case reference", "Name", "Date of birth", "Charge"])
        for index, (given, family, born) in enumerate(people):
            y, m, d = born.split("-")
            minutes = 10 * 60 + (index // 6) * 2
            out.writerow([args.court, index % 6 + 1, f"{minutes // 60:02d}:{minutes % 60:02d}",
                          f"01BN{index:07d}", f"{family.upper()}, {given}", f"{d}/{m}/{y}", "Theft"])


if __name__ == "__main__":
    main()
