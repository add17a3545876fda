#!/usr/bin/env python3
"""Public labelled data sets (../shared/data/matching) in the column layout of generate.py, for run.sh.

Usage: convert.py NAME OUT.csv   NAME: febrl3 | febrl4 | fake1000

- febrl3: FEBRL dataset3 (5,000 records, Christen's FEBRL generator); the cluster is the number in rec_id
  ("rec-552-dup-3" and "rec-552-org" are one person).
- febrl4: FEBRL dataset4a + dataset4b as one register of 10,000 records to deduplicate (each a-record has one
  b-duplicate).
- fake1000: Splink's fake_1000 (1,000 records, 251 people), its own cluster column.

Both engines see exactly the same columns: names, date of birth (invalid calendar dates left blank for both), the
FEBRL postcode and its social security number as the custody-number identifier (FEBRL corrupts it in duplicates
as it does the names). Addresses, cities and emails are compared by neither engine, so they are left out. The
files are copied unchanged from splink_datasets (MIT); nothing here was written to suit Liaison's comparisons.
"""

import csv
import datetime
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "matching")
COLUMNS = ["unique_id", "cluster", "first_name", "surname", "aliases", "dob", "sex", "postcode", "nhs_number",
           "pnc_id", "custody_number"]


def iso(text):
    """YYYYMMDD or YYYY-MM-DD as YYYY-MM-DD when it is a real date, else blank."""
    digits = text.strip().replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return ""
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat()
    except ValueError:
        return ""


def febrl(paths, prefix=""):
    for path in paths:
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle, skipinitialspace=True):
                row = {key.strip(): (value or "").strip() for key, value in row.items()}
                rec = row["rec_id"]
                yield {
                    "unique_id": prefix + rec if prefix else rec,
                    "cluster": rec.split("-")[1],
                    "first_name": row["given_name"],
                    "surname": row["surname"],
                    "dob": iso(row["date_of_birth"]),
                    "postcode": row["postcode"],
                    "custody_number": row["soc_sec_id"],
                }


def fake1000():
    with open(os.path.join(ROOT, "fake_1000.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            yield {
                "unique_id": row["unique_id"],
                "cluster": row["cluster"],
                "first_name": row["first_name"],
                "surname": row["surname"],
                "dob": iso(row["dob"]),
            }


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("febrl3", "febrl4", "fake1000"):
        sys.exit(__doc__)
    name, out = sys.argv[1], sys.argv[2]
    febrl_dir = os.path.join(ROOT, "febrl")
    if name == "febrl3":
        rows = febrl([os.path.join(febrl_dir, "dataset3.csv")])
    elif name == "febrl4":
        rows = febrl([os.path.join(febrl_dir, "dataset4a.csv"), os.path.join(febrl_dir, "dataset4b.csv")])
    else:
        rows = fake1000()
    count = 0
    with open(out, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    print(f"{name}: {count} records -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
