"""Fixtures for the command-line tests: the real `liaison` binary against a fresh SQLite file per test."""
import os
import subprocess
import pytest


@pytest.fixture
def liaison(tmp_path):
    binary = os.environ.get("LIAISON_BIN", os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "liaison"))
    database = tmp_path / "liaison.sqlite"

    def environment(env=None):
        """This process's environment without its LIAISON_ settings, with the test's database and `env`."""
        values = {k: v for k, v in os.environ.items() if not k.startswith("LIAISON_")}
        values["LIAISON_DATABASE_URL"] = str(database)
        values.update(env or {})
        return values

    def run(*args, env=None, check=None):
        result = subprocess.run([binary, *args], capture_output=True, text=True, env=environment(env), timeout=120)
        if check is not None:
            assert (result.returncode == 0) == check, result.stdout + result.stderr
        return result

    run.database = database
    run.binary = binary
    run.environment = environment
    return run
