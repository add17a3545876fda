#!/usr/bin/env python3
"""Times person search through the JSON API, one query at a time (a practitioner at a custody desk), and prints
p50/p95 per kind of query plus how often the person looked for was among the results.

Usage: search_bench.py BASE_URL TOKEN QUERIES.jsonl [--label TEXT]
"""

import argparse
import json
import statistics
import time
import urllib.parse
import urllib.request


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("queries")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    queries = [json.loads(line) for line in open(args.queries)]
    headers = {"Authorization": f"Bearer {args.token}", "Accept": "application/json"}
    # Warm up the connection pool and caches on a few queries first.
    results = {}
    for i, q in enumerate(queries[:20] + queries):
        params = {k: v for k, v in q.items() if k not in ("kind", "expect")}
        url = f"{args.base}/api/v1/people?{urllib.parse.urlencode(params)}"
        started = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            body = json.load(response)
        elapsed = (time.perf_counter() - started) * 1000
        if i < 20:
            continue
        found = any(c["id"] == q["expect"] for c in body)
        results.setdefault(q["kind"], []).append((elapsed, found))
        results.setdefault("all", []).append((elapsed, found))
    print(f"{args.label}")
    print(f"{'query':<14}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'found':>8}")
    for kind in sorted(results, key=lambda k: (k == "all", k)):
        times = [t for t, _ in results[kind]]
        found = sum(1 for _, f in results[kind] if f) / len(results[kind])
        print(f"{kind:<14}{len(times):>5}{statistics.median(times):>9.1f}{percentile(times, 95):>9.1f}"
              f"{max(times):>9.1f}{found:>8.0%}")


if __name__ == "__main__":
    main()
