"""The `liaison` command line: operator jobs, their messages and exit codes, on a real database file."""
import socket
import sqlite3
import subprocess
import time
import urllib.request


def test_commands_refuse_an_unmigrated_database(liaison):
    result = liaison("users", "list", check=False)
    assert "Run: liaison migrate" in result.stderr


def test_migrate_then_demo_is_idempotent_and_shows_progress(liaison):
    liaison("migrate", check=True)
    first = liaison("demo", "--people", "30", check=True)
    assert "5/6 users" in first.stdout and "6/6 service directory" in first.stdout
    assert "admin@demo.liaison.test" in first.stdout
    assert "30/30 people" in first.stdout
    assert "mental health awareness training sessions" in first.stdout
    assert "five women-only places in Hackney" in first.stdout
    users = liaison("users", "list", check=True).stdout.strip().splitlines()
    with sqlite3.connect(liaison.database) as db:
        people = db.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    assert people == 30
    with sqlite3.connect(liaison.database) as db:
        assert db.execute("SELECT COUNT(*) FROM services").fetchone()[0] == 26
        assert db.execute("SELECT COUNT(*) FROM referrals").fetchone()[0] > 0
    again = liaison("demo", "--people", "30", check=True)
    assert "people" not in again.stdout.replace("liaison-demo", "")
    assert liaison("users", "list", check=True).stdout.strip().splitlines() == users
    with sqlite3.connect(liaison.database) as db:
        assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == people
    skipped = liaison("demo", "--if-empty", check=True)
    assert "already has data" in skipped.stdout


def test_users_create_list_disable_and_reset(liaison):
    liaison("migrate", check=True)
    liaison("demo", "--people", "30", check=True)
    created = liaison("users", "create", "--email", "New.Person@Example.nhs.uk", "--name", "New Person",
                      "--organisation", "East London NHS Foundation Trust", "--role", "practitioner",
                      "--password", "a long enough password", check=True)
    assert "new.person@example.nhs.uk" in created.stdout
    listing = liaison("users", "list", check=True).stdout
    assert "new.person@example.nhs.uk\tNew Person\tEast London NHS Foundation Trust\tpractitioner\tactive" in listing
    liaison("users", "disable", "--email", "new.person@example.nhs.uk", check=True)
    assert "practitioner\tdisabled" in liaison("users", "list", check=True).stdout
    liaison("users", "reset-password", "--email", "new.person@example.nhs.uk",
            env={"LIAISON_NEW_PASSWORD": "another long password"}, check=True)
    # Each way a reset can be wrong says so and changes nothing.
    nobody = liaison("users", "reset-password", "--email", "ghost@example.nhs.uk",
                     env={"LIAISON_NEW_PASSWORD": "another long password"}, check=False)
    assert nobody.returncode != 0 and "ghost@example.nhs.uk" in nobody.stderr
    weak = liaison("users", "reset-password", "--email", "new.person@example.nhs.uk", "--password", "short",
                   check=False)
    assert weak.returncode != 0 and "at least 12 characters" in weak.stderr
    unset = liaison("users", "reset-password", "--email", "new.person@example.nhs.uk", check=False)
    assert unset.returncode != 0 and "LIAISON_NEW_PASSWORD" in unset.stderr
    unknown = liaison("tokens", "list", "--email", "ghost@example.nhs.uk", check=False)
    assert unknown.returncode != 0 and "ghost@example.nhs.uk" in unknown.stderr


def test_the_same_seed_makes_the_same_people(liaison, tmp_path):
    liaison("migrate", check=True)
    liaison("demo", "--people", "25", "--seed", "7", check=True)
    with sqlite3.connect(liaison.database) as db:
        first = db.execute("SELECT given_name, family_name, date_of_birth FROM people ORDER BY family_name, given_name, date_of_birth").fetchall()
    for leftover in tmp_path.glob("liaison.sqlite*"):
        leftover.unlink()
    liaison("migrate", check=True)
    liaison("demo", "--people", "25", "--seed", "7", check=True)
    with sqlite3.connect(liaison.database) as db:
        second = db.execute("SELECT given_name, family_name, date_of_birth FROM people ORDER BY family_name, given_name, date_of_birth").fetchall()
    assert first == second and len(first) == 25


def test_bad_arguments_give_a_message_and_non_zero_exit(liaison):
    liaison("migrate", check=True)
    assert liaison("demo", "--people", "-5", check=False).returncode != 0
    unknown_role = liaison("users", "create", "--email", "a@b.uk", "--name", "A", "--organisation", "x",
                           "--role", "wizard", "--password", "long enough password", check=False)
    assert "Select at least one role" in unknown_role.stderr
    short = liaison("users", "create", "--email", "a@b.uk", "--name", "A", "--organisation", "x",
                    "--role", "analyst", "--password", "short", check=False)
    assert "at least 12 characters" in short.stderr
    missing_org = liaison("users", "create", "--email", "a@b.uk", "--name", "A", "--organisation", "Nowhere",
                          "--role", "analyst", "--password", "long enough password", check=False)
    assert "No organisation called Nowhere" in missing_org.stderr
    assert liaison("users", "disable", "--email", "ghost@b.uk", check=False).returncode != 0
    assert liaison("serve", "--port", "70000", check=False).returncode != 0
    # Cookies without Secure only where nothing leaves the machine.
    exposed = liaison("serve", "--host", "0.0.0.0", "--insecure-cookies", check=False)
    assert exposed.returncode != 0 and "127.0.0.1 only" in exposed.stderr
    exposed = liaison("serve", "--host", "0.0.0.0", env={"LIAISON_INSECURE_COOKIES": "1"}, check=False)
    assert exposed.returncode != 0 and "127.0.0.1 only" in exposed.stderr
    bad_port = liaison("serve", env={"LIAISON_PORT": "eighty"}, check=False)
    assert bad_port.returncode != 0 and "LIAISON_PORT must be a port number" in bad_port.stderr
    for unreadable in ("off", "-1", "10001"):
        kept = liaison("serve", env={"LIAISON_CREDENTIAL_CACHE_MS": unreadable}, check=False)
        assert kept.returncode != 0 and "LIAISON_CREDENTIAL_CACHE_MS must be a whole number" in kept.stderr
        assert "Fatal error" not in kept.stderr
    assert liaison("no-such-command", check=False).returncode != 0
    negative = liaison("render-bench", "--rows=-1", check=False)
    assert negative.returncode != 0 and "--rows must be at least 1" in negative.stderr
    assert "Fatal error" not in negative.stderr


def test_an_evaluation_that_cannot_write_its_results_stops_before_the_work(liaison, tmp_path):
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("id,given_name,family_name,cluster\n1,Ann,Lee,a\n2,Ann,Lee,a\n")
    result = liaison("match", "evaluate", "--labelled", str(labelled), "--json", str(tmp_path / "missing" / "out.json"),
                     check=False)
    assert result.returncode != 0 and "Cannot write" in result.stderr
    assert "Read " not in result.stdout


def test_a_restore_that_cannot_open_its_database_does_not_print_the_password(liaison, tmp_path):
    backup = tmp_path / "liaison.backup"
    backup.write_bytes(b"PGDMP not really a backup")
    result = liaison("restore", str(backup), "--database-url",
                     "postgres://liaison:s3cr3t-pw@127.0.0.1:1/liaison?sslmode=requre", check=False)
    assert result.returncode != 0 and result.stderr.strip()
    assert "s3cr3t-pw" not in result.stderr + result.stdout


def test_checksum_of_a_database_never_migrated_says_so(liaison):
    result = liaison("checksum", check=False)
    assert result.returncode != 0 and "needs migrating" in result.stderr and "liaison migrate" in result.stderr


def test_an_unreachable_database_is_reported(liaison):
    result = liaison("migrate", env={"LIAISON_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?sslmode=disable"},
                     check=False)
    assert "Cannot reach the database" in result.stderr
    bad_scheme = liaison("migrate", env={"LIAISON_DATABASE_URL": "mysql://x"}, check=False)
    assert "must start with postgres:// or sqlite:" in bad_scheme.stderr


def test_a_database_from_a_newer_liaison_is_refused(liaison):
    liaison("migrate", check=True)
    with sqlite3.connect(liaison.database) as db:
        db.execute("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future', '2030-01-01T00:00:00.000Z')")
    result = liaison("users", "list", check=False)
    assert "migrated by a newer version of Liaison" in result.stderr


def test_audit_verify_passes_then_reports_the_first_altered_event(liaison):
    liaison("migrate", check=True)
    liaison("demo", "--people", "30", check=True)
    assert "Audit log intact" in liaison("audit", "verify", check=True).stdout
    with sqlite3.connect(liaison.database) as db:
        db.execute("UPDATE audit_events SET action = 'site.nothing_to_see' WHERE sequence = 7")
    result = liaison("audit", "verify", check=False)
    assert "Audit log broken at event 7" in result.stderr


def test_api_token_is_printed_once(liaison):
    liaison("migrate", check=True)
    liaison("demo", "--people", "30", check=True)
    token = liaison("tokens", "issue", "--email", "admin@demo.liaison.test", "--name", "reports", check=True).stdout.strip()
    assert token.startswith("lsn_")
    with sqlite3.connect(liaison.database) as db:
        stored = [row[0] for row in db.execute("SELECT token_hash FROM api_tokens")]
    assert token not in stored and len(stored) == 1


def test_api_tokens_end_are_listed_and_revoked(liaison):
    liaison("migrate", check=True)
    liaison("demo", "--people", "30", check=True)
    too_long = liaison("tokens", "issue", "--email", "admin@demo.liaison.test", "--name", "x", "--days", "400",
                       check=False)
    assert too_long.returncode != 0 and "1 to 365 days" in too_long.stderr
    issued = liaison("tokens", "issue", "--email", "admin@demo.liaison.test", "--name", "nightly export", "--days",
                     "7", check=True)
    token_id = issued.stderr.split("Token ")[1].split(" ")[0]
    listing = liaison("tokens", "list", "--email", "admin@demo.liaison.test", check=True).stdout
    assert f"{token_id}\tlive\tnightly export\tlast used never used" in listing
    liaison("tokens", "revoke", "--email", "admin@demo.liaison.test", "--id", token_id, check=True)
    assert f"{token_id}\trevoked" in liaison("tokens", "list", "--email", "admin@demo.liaison.test", check=True).stdout
    again = liaison("tokens", "revoke", "--email", "admin@demo.liaison.test", "--id", token_id, check=False)
    assert again.returncode != 0 and "no live token" in again.stderr


def test_match_evaluate_reports_precision_recall_f1_and_refuses_a_bad_file(liaison, tmp_path):
    import pathlib
    import subprocess
    import sys
    labelled = tmp_path / "people.csv"
    generator = pathlib.Path(__file__).resolve().parent.parent / "bench" / "matching" / "generate.py"
    subprocess.run([sys.executable, str(generator), str(labelled), "--records", "2000", "--seed", "3"], check=True,
                   capture_output=True)
    result = liaison("match", "evaluate", "--labelled", str(labelled), "--json", str(tmp_path / "r.json"),
                     "--random-pairs", "100000", check=True)
    assert "best F1" in result.stdout
    import json
    report = json.loads((tmp_path / "r.json").read_text())
    best = report["best"]
    assert best["f1"] > 0.9 and 0 < best["precision"] <= 1 and 0 < best["recall"] <= 1
    # The shipped thresholds and an even chance, the reliability diagram and blocking recall per rule.
    assert [point["name"] for point in report["atThresholds"]] == ["review", "even", "link"]
    bands = report["reliability"]
    assert bands and sum(band["pairs"] for band in bands) > 0
    assert all(0 <= band["trueShare"] <= 1 and band["lower"] <= band["meanProbability"] <= band["upper"]
               for band in bands)
    blocking = report["blocking"]
    assert 0 < blocking["reached"] <= blocking["truePairs"] and blocking["byRule"]["d"] <= blocking["reached"]
    assert "Reliability" in result.stdout and "Blocking reaches" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("unique_id,cluster,first_name,surname,dob\nr1,c1,Ann,Smith,1990-01-02\nr2,c1,Ann,Smith,02/01/1990\n")
    refused = liaison("match", "evaluate", "--labelled", str(bad), check=False)
    assert refused.returncode != 0 and "Line 3" in refused.stderr and "YYYY-MM-DD" in refused.stderr
    unlabelled = tmp_path / "unlabelled.csv"
    unlabelled.write_text("unique_id,first_name,surname\nr1,Ann,Smith\n")
    refused = liaison("match", "evaluate", "--labelled", str(unlabelled), check=False)
    assert refused.returncode != 0 and "no cluster column" in refused.stderr


def test_match_train_stores_a_version_and_dedupe_writes_the_demo_duplicates(liaison, tmp_path):
    liaison("migrate", check=True)
    liaison("demo", "--people", "300", check=True)
    trained = liaison("match", "train", "--random-pairs", "50000", check=True).stdout
    assert "Stored as version 1." in trained and "dateOfBirth" in trained and "EM on date of birth" in trained
    assert "Stored as version 2." in liaison("match", "train", "--review-threshold", "0.5", check=True).stdout
    refused = liaison("match", "train", "--review-threshold", "0.9", "--link-threshold", "0.5", check=False)
    assert refused.returncode != 0 and "review-threshold" in refused.stderr
    negative = liaison("match", "train", "--random-pairs=-1", check=False)
    assert negative.returncode != 0 and "--random-pairs must be at least 1" in negative.stderr
    out = tmp_path / "pairs.csv"
    # Writing the pairs over the file they are read from is refused before anything is touched.
    records = tmp_path / "records.csv"
    records.write_text("id,first_name,surname\n")
    same = liaison("match", "dedupe", "--input", str(records), "--out", str(records), check=False)
    assert same.returncode != 0 and "must not be the --input file" in same.stderr
    assert records.read_text() == "id,first_name,surname\n"
    written = liaison("match", "dedupe", "--out", str(out), check=True).stdout
    lines = out.read_text().splitlines()
    assert lines[0].startswith("left_id,right_id,probability,match_weight,decision,forename,surname,dateOfBirth")
    # The demo records about 2% of people twice: the finder pairs at least one of them.
    assert len(lines) > 1 and f"Wrote {len(lines) - 1} pairs" in written
    # The batch shows its progress as it scores, ending with the bar full.
    bars = [line for line in written.splitlines() if line.endswith(" blocks scored")]
    assert bars and bars[-1].startswith("[" + "#" * 20 + "]")
    done = [int(line.split("] ")[1].split("/")[0]) for line in bars]
    assert done == sorted(done) and len(bars) <= 40
    assert "Filed 300 people" in liaison("match", "reindex", check=True).stdout


def test_lists_import_matches_lines_shows_progress_and_refuses_a_bad_file(liaison, tmp_path):
    liaison("migrate", check=True)
    liaison("demo", "--people", "100", check=True)
    with sqlite3.connect(liaison.database) as db:
        given, family, born, pnc = db.execute(
            "SELECT given_name, family_name, date_of_birth, pnc_id FROM people WHERE pnc_id IS NOT NULL "
            "AND merged_into IS NULL ORDER BY id LIMIT 1").fetchone()
    year, month, day = born.split("-")
    court = "Willesden Magistrates' Court"
    header = "Court,Hearing time,Case reference,Name,Date of birth,PNC"
    good = tmp_path / "court.csv"
    good.write_text("\n".join([
        header,
        f'{court},10:00,A1,"{family.upper()}, {given}",{day}/{month}/{year},{pnc}',
        f'{court},11:00,A2,"ZZYZX, Quentin",01/01/1950,',
    ]) + "\n")
    arguments = ["lists", "import", str(good), "--kind", "court", "--day", "2026-11-23",
                 "--as", "practitioner@demo.liaison.test"]
    result = liaison(*arguments, check=True).stdout
    assert "lines matched" in result and "[####################] 2/2" in result
    assert "2 lines: 2 added, 1 linked by identifier, 0 with possible matches" in result
    assert "2 lines: 0 added" in liaison(*arguments, check=True).stdout
    with sqlite3.connect(liaison.database) as db:
        assert db.execute("SELECT COUNT(*) FROM list_lines").fetchone()[0] == 2
        linked = db.execute("SELECT p.pnc_id FROM list_lines l JOIN people p ON p.id = l.person_id").fetchall()
    assert linked == [(pnc,)]

    bad = tmp_path / "bad.csv"
    bad.write_text(f'{header}\n{court},10:00,B1,"SMITH, Ann",31/02/1990,\nNowhere Court,10:00,B2,"LEE, Bo",,\n')
    refused = liaison("lists", "import", str(bad), "--kind", "court", "--as", "practitioner@demo.liaison.test",
                      check=False)
    assert refused.returncode != 0 and "Nothing was imported" in refused.stderr
    assert "Line 2: Date of birth" in refused.stderr and "Line 3: “Nowhere Court”" in refused.stderr
    analyst = liaison("lists", "import", str(good), "--kind", "court", "--as", "analyst@demo.liaison.test",
                      check=False)
    # The policy's reason in words, not a Swift value.
    assert analyst.returncode != 0 and "Only L&D practitioners and team managers triage" in analyst.stderr
    assert "forbidden(" not in analyst.stderr
    liaison("users", "disable", "--email", "practitioner@demo.liaison.test", check=True)
    disabled = liaison(*arguments, check=False)
    assert disabled.returncode != 0 and "is disabled" in disabled.stderr
    with sqlite3.connect(liaison.database) as db:
        assert db.execute("SELECT COUNT(*) FROM list_lines").fetchone()[0] == 2


def test_lists_import_reads_a_windows_1252_file_and_refuses_an_unknown_encoding(liaison, tmp_path):
    liaison("migrate", check=True)
    liaison("demo", "--people", "100", check=True)
    court = "Willesden Magistrates' Court"
    text = f"Court,Hearing time,Case Number,Surname,Forename(s)\r\n{court},10:00,W1,GONÇALVES,João\r\n"
    excel = tmp_path / "excel.csv"
    excel.write_bytes(text.encode("cp1252"))
    arguments = ["lists", "import", str(excel), "--kind", "court", "--day", "2026-11-24",
                 "--as", "practitioner@demo.liaison.test"]
    assert "1 lines: 1 added" in liaison(*arguments, check=True).stdout
    with sqlite3.connect(liaison.database) as db:
        stored = db.execute("SELECT given_name, family_name, reference FROM list_lines WHERE list_day = '2026-11-24'").fetchall()
    assert stored == [("João", "Gonçalves", "W1")]

    broken = tmp_path / "broken.csv"
    broken.write_bytes(text.encode("cp1252") + f"{court},11:00,W2,LEE,B".encode() + b"\x81\r\n")
    refused = liaison("lists", "import", str(broken), "--kind", "court", "--day", "2026-11-25",
                      "--as", "practitioner@demo.liaison.test", check=False)
    assert refused.returncode != 0
    assert "Line 3: Byte 0x81 is neither UTF-8 nor Windows-1252 text" in refused.stderr
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(f"Court,Hearing time,Name,Solicitor\n{court},10:00,Bo Lee,X\n")
    refused = liaison("lists", "import", str(unknown), "--kind", "court", "--day", "2026-11-25",
                      "--as", "practitioner@demo.liaison.test", check=False)
    assert refused.returncode != 0 and "Liaison does not read a “Solicitor” column" in refused.stderr


def test_a_breached_password_is_refused(liaison):
    liaison("migrate", check=True)
    liaison("demo", "--people", "30", check=True)
    result = liaison("users", "create", "--email", "x@example.nhs.uk", "--name", "X", "--organisation",
                     "East London NHS Foundation Trust", "--role", "practitioner", "--password", "Password1234",
                     check=False)
    assert result.returncode != 0 and "known from data breaches" in result.stderr
    assert "x@example.nhs.uk" not in liaison("users", "list", check=True).stdout


def test_sso_set_and_link_refuse_bad_input_and_keep_what_was_set(liaison):
    liaison("migrate", check=True)
    liaison("demo", "--people", "30", check=True)
    org = "East London NHS Foundation Trust"
    bad = liaison("sso", "set", "--organisation", org, "--issuer", "http://idp.example", "--client-id", "",
                  check=False)
    assert bad.returncode != 0 and "--issuer" in bad.stderr and "--client-id" in bad.stderr
    done = liaison("sso", "set", "--organisation", org, "--issuer", "https://login.example.nhs.uk/",
                   "--client-id", "liaison", env={"LIAISON_SSO_CLIENT_SECRET": "from-the-environment"}, check=True)
    assert "https://login.example.nhs.uk as client liaison (with a client secret)" in done.stdout
    # Setting it again replaces it (the command line reads the version itself); the secret is kept.
    again = liaison("sso", "set", "--organisation", org, "--issuer", "https://login.example.nhs.uk",
                    "--client-id", "liaison-2", check=True)
    assert "client liaison-2 (with a client secret)" in again.stdout
    missing = liaison("sso", "set", "--organisation", "No such trust", "--issuer", "https://x.example",
                      "--client-id", "x", check=False)
    assert missing.returncode != 0 and "No organisation called No such trust" in missing.stderr
    linked = liaison("sso", "link", "--email", "womens.practitioner@demo.liaison.test", "--subject", "grace-001",
                     check=True)
    assert "Linked womens.practitioner@demo.liaison.test to subject grace-001" in linked.stdout
    liaison("users", "create", "--email", "second@elft.example.nhs.uk", "--name", "Second", "--organisation", org,
            "--role", "practitioner", "--password", "a long enough password", check=True)
    taken = liaison("sso", "link", "--email", "second@elft.example.nhs.uk", "--subject", "grace-001", check=False)
    assert taken.returncode != 0 and "already linked to Grace Okafor" in taken.stderr
    # The same subject at another organisation's provider is another person.
    liaison("sso", "link", "--email", "practitioner.central@demo.liaison.test", "--subject", "grace-001", check=True)


def test_backup_restore_gives_identical_tables_and_a_verified_audit_log(liaison, tmp_path):
    liaison("migrate", check=True)
    liaison("demo", "--people", "60", check=True)
    original = liaison("checksum", check=True).stdout
    assert "audit_events\t" in original and "people\t" in original
    backup = tmp_path / "liaison.backup"
    out = liaison("backup", str(backup), check=True).stdout
    assert "Backed up" in out and backup.exists()
    # The copy is on the log of the database it was taken from, as every export is.
    import sqlite3
    with sqlite3.connect(liaison.database) as db:
        events = db.execute("SELECT subject_id FROM audit_events WHERE action = 'database.backup'").fetchall()
    assert events == [("liaison.backup",)]
    again = liaison("backup", str(backup), check=False)
    assert again.returncode != 0 and "never overwrites" in again.stderr
    target = f"sqlite:{tmp_path / 'restored' / 'liaison.sqlite'}"
    # A file that is not a backup is refused, and leaves nothing behind that would refuse the real one.
    bogus = tmp_path / "not-a-backup"
    bogus.write_text("this is not a SQLite database\n" * 100)
    for _ in range(2):
        wrong = liaison("restore", str(bogus), "--database-url", target, check=False)
        assert wrong.returncode != 0 and "exists already" not in wrong.stderr
    assert not (tmp_path / "restored" / "liaison.sqlite").exists()
    restored = liaison("restore", str(backup), "--database-url", target, check=True).stdout
    assert "Audit log intact" in restored
    assert liaison("checksum", "--database-url", target, check=True).stdout == original
    over = liaison("restore", str(backup), "--database-url", target, check=False)
    assert over.returncode != 0 and "never over one" in over.stderr
    missing = liaison("restore", str(tmp_path / "nothing.backup"), "--database-url", f"sqlite:{tmp_path / 'x.sqlite'}",
                      check=False)
    assert missing.returncode != 0 and "There is no backup" in missing.stderr


def test_signed_checkpoints_catch_a_cut_tail_with_a_rewound_head(liaison, tmp_path):
    import sqlite3

    liaison("migrate", check=True)
    liaison("demo", "--people", "20", check=True)
    key = tmp_path / "audit.key"
    key.write_text("a key kept outside the database, 32+ bytes\n")
    checkpoints = tmp_path / "checkpoints.txt"
    out = liaison("audit", "checkpoint", "--key-file", str(key), "--out", str(checkpoints), check=True).stdout
    assert "Checkpoint of event" in out and checkpoints.read_text().startswith("v1 ")
    ok = liaison("audit", "verify", "--checkpoints", str(checkpoints), "--key-file", str(key), check=True).stdout
    assert "1 signed checkpoints agree" in ok
    # Someone with the database alone cuts the newest events and rewinds the head to match.
    with sqlite3.connect(liaison.database) as db:
        (head,) = db.execute("SELECT sequence FROM audit_chain_head").fetchone()
        (kept_hash,) = db.execute("SELECT hash FROM audit_events WHERE sequence = ?", (head - 5,)).fetchone()
        db.execute("DELETE FROM audit_events WHERE sequence > ?", (head - 5,))
        db.execute("UPDATE audit_chain_head SET sequence = ?, hash = ?", (head - 5, kept_hash))
    assert "Audit log intact" in liaison("audit", "verify", check=True).stdout
    caught = liaison("audit", "verify", "--checkpoints", str(checkpoints), "--key-file", str(key), check=False)
    assert caught.returncode != 0 and "events were removed" in caught.stderr
    short = tmp_path / "short.key"
    short.write_text("short")
    refused = liaison("audit", "checkpoint", "--key-file", str(short), "--out", str(checkpoints), check=False)
    assert refused.returncode != 0 and "shorter than 32 bytes" in refused.stderr


def _london_month_bounds(month):
    import datetime
    from zoneinfo import ZoneInfo
    year, number = map(int, month.split("-"))
    london = ZoneInfo("Europe/London")
    start = datetime.datetime(year, number, 1, tzinfo=london)
    end = datetime.datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=london)
    utc = lambda moment: moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return utc(start), utc(end)


def test_export_national_writes_the_month_and_lists_problems_strict_fails(liaison, tmp_path):
    import csv
    import io
    liaison("migrate", check=True)
    liaison("demo", "--people", "120", check=True)
    with sqlite3.connect(liaison.database) as db:
        month = db.execute(
            "SELECT substr(identified_at, 1, 7) FROM episodes GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
        start, end = _london_month_bounds(month)
        expected = {row[0] for row in db.execute(
            "SELECT id FROM episodes WHERE identified_at >= ? AND identified_at < ?", (start, end))}
        # The demo's charity has no ODS code: its court team's episodes go out without one, each named as a problem.
        uncoded = {row[0] for row in db.execute(
            "SELECT e.id FROM episodes e JOIN organisations o ON o.id = e.organisation_id "
            "WHERE o.ods_code IS NULL AND e.identified_at >= ? AND e.identified_at < ?", (start, end))}
    exported = liaison("export", "national", "--month", month, check=True)
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert {row["EPISODE_ID"] for row in rows} == expected and rows
    assert all(row["TEAM_TYPE"] == "D02" for row in rows)
    assert {row["EPISODE_ID"] for row in rows if not row["ORG_CODE"]} == uncoded
    assert all(f"Episode {episode} " in exported.stderr for episode in uncoded)
    assert exported.stderr.count("ORG_CODE") == len(uncoded)
    # Progress on standard error, beside the CSV on standard output.
    assert exported.stderr.startswith("Reading the return for ") and f"Read {len(rows)} records;" in exported.stderr
    # One episode's person loses their postcode: named on standard error; --strict fails and writes nothing.
    broken = rows[0]["EPISODE_ID"]
    with sqlite3.connect(liaison.database) as db:
        db.execute("UPDATE people SET postcode = NULL, no_fixed_abode = 0 WHERE id = "
                   "(SELECT person_id FROM episodes WHERE id = ?)", (broken,))
    lenient = liaison("export", "national", "--month", month, "--out", str(tmp_path / "return.csv"), check=True)
    assert f"Episode {broken}" in lenient.stderr and "POSTCODE" in lenient.stderr
    assert (tmp_path / "return.csv").read_bytes().count(b"\r\n") == len(rows) + 1
    strict = liaison("export", "national", "--month", month, "--strict", "--out", str(tmp_path / "strict.csv"))
    assert strict.returncode != 0 and "POSTCODE" in strict.stderr and not (tmp_path / "strict.csv").exists()
    dictionary = tmp_path / "dictionary.csv"
    liaison("export", "national", "--month", month, "--dictionary", str(dictionary), check=True)
    assert dictionary.read_text().startswith("column,meaning,required,format")
    bad = liaison("export", "national", "--month", "October")
    assert bad.returncode != 0 and "YYYY-MM" in bad.stderr
    unknown = liaison("export", "national", "--month", month, "--provider", "XXX")
    assert unknown.returncode != 0 and "ODS code XXX" in unknown.stderr


def test_export_evaluation_pseudonymises_prints_the_secret_once_and_is_recorded(liaison, tmp_path):
    import csv
    import io
    import re
    liaison("migrate", check=True)
    liaison("demo", "--people", "120", check=True)
    with sqlite3.connect(liaison.database) as db:
        month = db.execute(
            "SELECT substr(identified_at, 1, 7) FROM episodes GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
        start, end = _london_month_bounds(month)
        episodes = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT person_id) FROM episodes WHERE identified_at >= ? AND identified_at < ?",
            (start, end)).fetchone()
        identifiers = {row[0] for row in db.execute("SELECT id FROM people")}
    first = liaison("export", "evaluation", "--from", month, "--through", month, "--recipient", "Dr Ada Evans, UCL",
                    check=True)
    rows = list(csv.DictReader(io.StringIO(first.stdout)))
    assert len(rows) == episodes[0] and len({row["person_pseudonym"] for row in rows}) == episodes[1]
    assert not identifiers & {row["person_pseudonym"] for row in rows}
    secret = re.search(r"Secret \(shown once[^:]*\): ([0-9a-f]{64})", first.stderr)
    assert secret and secret.group(1) not in first.stdout
    second = liaison("export", "evaluation", "--from", month, "--through", month, "--recipient", "Dr Ada Evans, UCL",
                     "--out", str(tmp_path / "extract.csv"), "--dictionary", str(tmp_path / "dictionary.csv"),
                     check=True)
    again = list(csv.DictReader(io.StringIO((tmp_path / "extract.csv").read_text())))
    assert {row["person_pseudonym"] for row in again}.isdisjoint({row["person_pseudonym"] for row in rows})
    assert (tmp_path / "dictionary.csv").read_text().startswith("column,meaning")
    with sqlite3.connect(liaison.database) as db:
        recorded = db.execute("SELECT recipient, row_count FROM evaluation_extracts").fetchall()
        audited = db.execute(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'evaluation_extract.make' AND reason LIKE '%Ada Evans%'"
        ).fetchone()[0]
    assert recorded == [("Dr Ada Evans, UCL", len(rows))] * 2 and audited == 2
    assert secret.group(1) not in second.stderr
    # A file that cannot be written is refused before the extract is made: nothing recorded, nothing audited.
    nowhere = liaison("export", "evaluation", "--from", month, "--through", month, "--recipient", "Dr Ada Evans, UCL",
                      "--out", str(tmp_path / "missing-folder" / "extract.csv"))
    assert nowhere.returncode != 0 and "Nothing was exported" in nowhere.stderr
    with sqlite3.connect(liaison.database) as db:
        assert db.execute("SELECT COUNT(*) FROM evaluation_extracts").fetchone()[0] == 2
    bad = liaison("export", "evaluation", "--from", month, "--through", "2020-01", "--recipient", "")
    assert bad.returncode != 0 and "--through" in bad.stderr and "--recipient" in bad.stderr


def test_report_dashboard_prints_the_exact_counts_and_refuses_a_bad_period(liaison):
    import re
    liaison("migrate", check=True)
    liaison("demo", "--people", "120", check=True)
    shown = liaison("report", "dashboard", "--days", "3660", check=True).stdout
    with sqlite3.connect(liaison.database) as db:
        episodes, people = db.execute("SELECT COUNT(*), COUNT(DISTINCT person_id) FROM episodes").fetchone()
        crown = db.execute("SELECT COUNT(*) FROM episodes WHERE pathway_point = 'crown_court'").fetchone()[0]
    assert f"People seen: {people} (" in shown and f"Episodes: {episodes} (" in shown
    assert crown == 0 or f"Crown court: {crown} episodes" in shown
    assert re.search(r"Counted in \d+ ms", shown)
    bad = liaison("report", "dashboard", "--days", "0")
    assert bad.returncode != 0 and "--days must be from 1 to 3660" in bad.stderr


def _serve_once(liaison, env):
    """Starts `liaison serve` on a free port with `env`, reads /health and the sign-in page, stops it with SIGTERM
    and returns its output."""
    liaison("migrate", check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([liaison.binary, "serve", "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env=liaison.environment({"LIAISON_INSECURE_COOKIES": "1", **env}))
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                    assert b'"status":"ok"' in answer.read()
                    break
            except OSError:
                assert server.poll() is None and time.time() < deadline, "liaison serve did not become healthy"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=10) as answer:
            assert answer.status == 200 and b"Sign in" in answer.read()
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    return out


def test_serve_runs_its_tasks_on_the_event_loops_when_told_and_over_sqlite_not_by_default(liaison):
    assert "Tasks run on NIO's event loops." not in _serve_once(liaison, {})
    assert "Tasks run on NIO's event loops." in _serve_once(liaison, {"LIAISON_TASKS_ON_EVENT_LOOPS": "1"})


def test_serve_takes_the_credential_cache_off_and_at_its_ceiling(liaison):
    # Refusals are in test_bad_arguments_give_a_message_and_non_zero_exit; these two ends of the range serve.
    for accepted in ("0", "10000"):
        assert "Error" not in _serve_once(liaison, {"LIAISON_CREDENTIAL_CACHE_MS": accepted})


def test_serve_over_postgresql_places_its_tasks_on_the_event_loops_before_it_connects(liaison):
    # No PostgreSQL answers on port 1: the tasks are placed first (on the main thread, before any task runs), then
    # the connection fails with its message and a non-zero exit; told 0, they are not placed.
    url = {"LIAISON_DATABASE_URL": "postgres://liaison@127.0.0.1:1/liaison?sslmode=disable"}
    placed = liaison("serve", env=url, check=False)
    assert placed.returncode != 0 and "Tasks run on NIO's event loops." in placed.stdout
    assert "Fatal error" not in placed.stderr
    kept = liaison("serve", env={**url, "LIAISON_TASKS_ON_EVENT_LOOPS": "0"}, check=False)
    assert kept.returncode != 0 and "Tasks run on NIO's event loops." not in kept.stdout
