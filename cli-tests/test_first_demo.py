"""`make run`'s first demo database (scripts/first-demo.sh): built aside and moved into place only when whole."""
import os
import sqlite3
import subprocess

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "scripts", "first-demo.sh")
BINARY = os.environ.get("LIAISON_BIN", os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "liaison"))


def environment():
    return {k: v for k, v in os.environ.items() if not k.startswith("LIAISON_")}


def first_demo(database, *demo):
    return subprocess.run([SCRIPT, BINARY, str(database), *demo], capture_output=True, text=True, env=environment(),
                          timeout=300)


def count(database, table):
    connection = sqlite3.connect(database)
    try:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def test_a_fresh_place_gets_the_whole_demo_and_nothing_is_left_aside(tmp_path):
    database = tmp_path / "data" / "liaison.sqlite"
    result = first_demo(database, "--people", "20")
    assert result.returncode == 0, result.stdout + result.stderr
    # Listed before the test reads it (its own connection makes a write-ahead log).
    assert sorted(os.listdir(database.parent)) == ["liaison.sqlite"]
    assert count(database, "people") == 20 and count(database, "users") > 0


def test_a_load_interrupted_before_is_started_again_not_taken_as_loaded(tmp_path):
    database = tmp_path / "liaison.sqlite"
    # What an interrupted first run leaves: a migrated database aside, with the partnership and no people.
    aside = tmp_path / "liaison.sqlite.loading"
    subprocess.run([BINARY, "migrate", "--database-url", f"sqlite:{aside}"], check=True, capture_output=True,
                   env=environment())
    subprocess.run([BINARY, "demo", "--people", "0", "--database-url", f"sqlite:{aside}"], check=True,
                   capture_output=True, env=environment())
    assert not database.exists()
    result = first_demo(database, "--people", "20")
    assert result.returncode == 0, result.stdout + result.stderr
    assert count(database, "people") == 20
    assert not aside.exists()


def test_a_database_already_in_place_is_left_as_it_is(tmp_path):
    database = tmp_path / "liaison.sqlite"
    database.write_bytes(b"")
    result = first_demo(database, "--people", "20")
    assert result.returncode == 0, result.stdout + result.stderr
    assert database.read_bytes() == b"" and sorted(os.listdir(tmp_path)) == ["liaison.sqlite"]


def test_a_load_that_fails_leaves_no_database_in_place(tmp_path):
    database = tmp_path / "liaison.sqlite"
    result = first_demo(database, "--people", "-1")
    assert result.returncode != 0
    assert not database.exists()


def test_a_log_left_beside_no_database_is_not_replayed_into_the_new_one(tmp_path):
    database = tmp_path / "liaison.sqlite"
    # Another database's write-ahead log under the name the new database will take (a run stopped between moving
    # the log and moving the database, or a database deleted without its log).
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("CREATE TABLE people (id TEXT)")
    connection.executemany("INSERT INTO people VALUES (?)", [(str(i),) for i in range(500)])
    connection.commit()
    os.link(str(other) + "-wal", str(database) + "-wal")
    connection.close()
    result = first_demo(database, "--people", "20")
    assert result.returncode == 0, result.stdout + result.stderr
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 20
    finally:
        connection.close()
