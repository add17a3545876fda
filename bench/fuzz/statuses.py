#!/usr/bin/env python3
"""Summarises a Schemathesis HAR report: for each API operation, how many requests it got and their statuses, so a
run shows how deep the fuzzing reached (an operation that only ever answered 404 or 422 was barely exercised).

Usage: statuses.py SPEC.yaml|URL HAR.json [HAR.json …] [--json OUT]
"""
import collections
import json
import re
import sys
import urllib.request


def operations(spec_text):
    """[(method, regex, label)] from the paths of an OpenAPI YAML (read without a YAML library: paths are keys at
    two spaces, methods at four)."""
    result, path = [], None
    for line in spec_text.splitlines():
        m = re.match(r"^  (/[^:]*):\s*$", line)
        if m:
            path = m.group(1)
            continue
        m = re.match(r"^    (get|put|post|delete|patch):\s*$", line)
        if m and path:
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
            result.append((m.group(1).upper(), re.compile(pattern), f"{m.group(1).upper()} {path}"))
        if re.match(r"^\S", line) and not line.startswith("paths:"):
            path = None
    return result


def main():
    args = sys.argv[1:]
    out = None
    if "--json" in args:
        out = args.pop(args.index("--json") + 1)
        args.remove("--json")
    spec, hars = args[0], args[1:]
    text = urllib.request.urlopen(spec).read().decode() if spec.startswith("http") else open(spec).read()
    ops = operations(text)
    table = collections.defaultdict(collections.Counter)
    entries = [entry for har in hars for entry in json.load(open(har))["log"]["entries"]]
    for entry in entries:
        method = entry["request"]["method"]
        url = entry["request"]["url"]
        path = re.sub(r"^https?://[^/]+/api/v1", "", url.split("?", 1)[0])
        label = next((lab for m, rx, lab in ops if m == method and rx.match(path)), f"{method} (other)")
        table[label][entry["response"]["status"]] += 1
    width = max(len(k) for k in table)
    reached = sum(1 for c in table.values() if any(200 <= s < 300 for s in c))
    print(f"{'operation':<{width}}  {'requests':>8}  {'2xx':>5}  {'4xx':>5}  {'5xx':>5}  statuses")
    for label in sorted(table):
        c = table[label]
        by = lambda lo: sum(n for s, n in c.items() if lo <= s < lo + 100)
        print(f"{label:<{width}}  {sum(c.values()):>8}  {by(200):>5}  {by(400):>5}  {by(500):>5}  "
              + ", ".join(f"{s}×{n}" for s, n in sorted(c.items())))
    total = sum(sum(c.values()) for c in table.values())
    print(f"{total} requests; {reached} of {len(ops)} operations answered 2xx at least once")
    if out:
        json.dump({k: dict(v) for k, v in table.items()}, open(out, "w"), indent=1)


if __name__ == "__main__":
    main()
