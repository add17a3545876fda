#!/usr/bin/env python3
"""Writes the Schemathesis test data for bench/fuzz/fuzz.sh: dictionaries of real values from the freshly loaded demo
database (ids of people, episodes, sites, boroughs, services, teams, users, organisations and referrals; names and
dates of birth) and of values that pass the server's rules (NHS numbers with a right Modulus 11 check digit, PNC IDs
with a right check letter, recent days), bound to the path, query and body fields that take them.

Without them almost every generated request stops at the first gate (a made-up id gives 404, a random NHS number
422), and the fuzzer never reaches the code behind it. Each binding has a probability below 1, so generated values are
still tried too, and Schemathesis applies a dictionary value only where it keeps the case's mode (valid or invalid).
Ids of records the practitioner cannot see are mixed in on purpose (their refusals are checked as well).

Usage: test_data.py DATABASE.sqlite [--seed N] >> schemathesis.toml
"""

import datetime
import random
import sqlite3
import sys

PRACTITIONER = "practitioner@demo.liaison.test"
PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def nhs_number(rng):
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def pnc_id(rng):
    year = rng.randint(1990, 2025)
    serial = f"{rng.randint(1, 9_999_999):07d}"
    return f"{year}/{serial}{PNC_LETTERS[int(f'{year % 100:02d}{serial}') % 23]}"


def toml_list(values):
    def one(v):
        if isinstance(v, (int, float)):
            return str(v)
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(one(v) for v in values) + "]"


def main():
    database = sys.argv[1]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    q = lambda sql, *args: [row[0] if len(row) == 1 else row for row in db.execute(sql, args).fetchall()]
    (organisation,) = q("SELECT organisation_id FROM users WHERE email = ?", PRACTITIONER)

    # Mostly the practitioner's own records (so writes get past access), some held elsewhere.
    own_people = q("SELECT DISTINCT person_id FROM episodes WHERE organisation_id = ? ORDER BY person_id", organisation)
    other_people = q("SELECT id FROM people WHERE id NOT IN (SELECT person_id FROM episodes WHERE organisation_id = ?) "
                     "ORDER BY id", organisation)
    own_episodes = q("SELECT id FROM episodes WHERE organisation_id = ? AND closed_at IS NULL ORDER BY id", organisation)
    other_episodes = q("SELECT id FROM episodes WHERE organisation_id <> ? ORDER BY id", organisation)
    own_referrals = q("SELECT r.id FROM referrals r JOIN episodes e ON e.id = r.episode_id "
                      "WHERE e.organisation_id = ? ORDER BY r.id", organisation)
    other_referrals = q("SELECT r.id FROM referrals r JOIN episodes e ON e.id = r.episode_id "
                        "WHERE e.organisation_id <> ? ORDER BY r.id", organisation)
    pick = lambda values, n: rng.sample(values, min(n, len(values)))
    dictionaries = {
        "people": pick(own_people, 24) + pick(other_people, 6),
        "episodes": pick(own_episodes, 24) + pick(other_episodes, 6),
        "referrals": pick(own_referrals, 12) + pick(other_referrals, 4),
        "sites": q("SELECT id FROM sites ORDER BY organisation_id = ? DESC, id", organisation),
        "courts": q("SELECT id FROM sites WHERE kind LIKE '%court%' ORDER BY id"),
        "boroughs": q("SELECT id FROM boroughs ORDER BY id"),
        "services": q("SELECT id FROM services ORDER BY id"),
        "teams": q("SELECT id FROM teams ORDER BY id"),
        "users": q("SELECT id FROM users ORDER BY id"),
        "organisations": q("SELECT id FROM organisations ORDER BY id"),
        "given_names": pick(q("SELECT DISTINCT given_name FROM people ORDER BY 1"), 20),
        "family_names": pick(q("SELECT DISTINCT family_name FROM people ORDER BY 1"), 20),
        "nhs_numbers": [nhs_number(rng) for _ in range(15)]
        + pick(q("SELECT nhs_number FROM people WHERE nhs_number IS NOT NULL ORDER BY 1"), 5),
        "pnc_ids": [pnc_id(rng) for _ in range(15)],
        "instruments": ["phq9", "gad7", "audit", "ld-screen"],
        "referral_statuses": ["sent", "accepted", "declined", "attended", "did_not_attend", "engaged", "closed"],
        # ETags of records not yet changed (version 1) or changed once or twice: updates get past If-Match.
        "etags": ['"1"', '"1"', '"2"', '"3"'],
    }
    today = datetime.date.today()
    dictionaries["birth_dates"] = pick(q("SELECT date_of_birth FROM people ORDER BY 1"), 10) + [
        (today - datetime.timedelta(days=rng.randint(16 * 365, 80 * 365))).isoformat() for _ in range(10)]
    dictionaries["recent_days"] = [(today - datetime.timedelta(days=d)).isoformat() for d in range(0, 15)]
    db.close()

    # Field → dictionary. Bodies: a key whose path is not in an operation's body is ignored for that operation.
    bindings = {
        "body.siteId": "sites", "body.firstEpisode.siteId": "sites", "body.siteIds[*]": "sites",
        "body.boroughId": "boroughs", "body.boroughIds[*]": "boroughs", "body.serviceId": "services",
        "body.teamId": "teams", "body.organisationId": "organisations", "body.courtId": "courts",
        "body.dateOfBirth": "birth_dates", "body.details.dateOfBirth": "birth_dates",
        "body.nhsNumber": "nhs_numbers", "body.details.nhsNumber": "nhs_numbers",
        "body.pncId": "pnc_ids", "body.details.pncId": "pnc_ids",
        "body.givenName": "given_names", "body.details.givenName": "given_names",
        "body.familyName": "family_names", "body.details.familyName": "family_names",
        "body.madeOn": "recent_days", "body.occurredOn": "recent_days",
        "body.instrumentId": "instruments", "body.status": "referral_statuses",
        "query.dateOfBirth": "birth_dates", "query.nhsNumber": "nhs_numbers", "query.pncId": "pnc_ids",
        "query.givenName": "given_names", "query.familyName": "family_names", "query.day": "recent_days",
        "header.If-Match": "etags",
    }
    # Path ids, by the resource the path starts with.
    paths = {
        r"^/people/\{id\}": "people", r"^/episodes/\{id\}": "episodes", r"^/referrals/\{id\}": "referrals",
        r"^/sites/\{id\}": "sites", r"^/boroughs/\{id\}": "boroughs", r"^/services/\{id\}": "services",
        r"^/teams/\{id\}": "teams", r"^/users/\{id\}": "users", r"^/organisations/\{id\}": "organisations",
    }

    out = ["", "# Test data from the demo database (bench/fuzz/test_data.py)"]
    for name, values in dictionaries.items():
        if values:
            out.append(f"[dictionaries.{name}]\nvalues = {toml_list(values)}")
    out.append("\n[parameters]")
    for key, name in bindings.items():
        if dictionaries.get(name):
            out.append(f'"{key}" = {{ dictionary = "{name}", probability = 0.7 }}')
    for regex, name in paths.items():
        if dictionaries.get(name):
            out.append(f'\n[[operations]]\ninclude-path-regex = \'{regex}\'\n'
                       f'parameters = {{ "path.id" = {{ dictionary = "{name}", probability = 0.8 }} }}')
    print("\n".join(out))


if __name__ == "__main__":
    main()
