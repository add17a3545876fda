#!/usr/bin/env python3
"""Refreshes Sources/LiaisonCore/Matching/nicknames.csv, the published nickname list of Carlton Northern and Nick
Crews (https://github.com/carltonnorthern/nicknames, Apache-2.0, licence in docs/third-party), from its PyPI package
`nicknames`, which ships the same names.csv. The file is copied as published; Nicknames.swift reads it. The matcher's
nicknames come only from that list (issue 22: not a table written to fit a test generator).
Usage: scripts/nicknames.py [--version 1.0.1]   (needs PyPI)
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Sources/LiaisonCore/Matching/nicknames.csv"

parser = argparse.ArgumentParser()
parser.add_argument("--version", default="1.0.1")
args = parser.parse_args()
with tempfile.TemporaryDirectory() as folder:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", folder,
                    f"nicknames=={args.version}"], check=True)
    wheel = next(pathlib.Path(folder).glob("nicknames-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read("nicknames/names.csv")
OUT.write_bytes(data)
print(f"{OUT.relative_to(ROOT)}: {data.count(b'has_nickname')} pairs from nicknames {args.version}")
