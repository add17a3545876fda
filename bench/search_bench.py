#!/usr/bin/env python3
"""Times person search through the JSON API, one query at a time (a practitioner at a custody desk), and prints
p50/p95 per kind of query plus how often the person looked for was among the results.

One unmeasured pass over every query first (connection pool, the database's caches, the server's allocator), then
ROUNDS measured passes; each round is printed, and the summary table takes each figure's median over the rounds, so
one pass disturbed by background work on a shared machine does not decide the result.

A query without "expect" looks for someone who is not in the register: for those the table gives, in place of
"found", how many listed anyone at all and how many listed someone as a match or a possible match (decision link or
review), with the mean number of people listed.

Usage: search_bench.py BASE_URL TOKEN QUERIES.jsonl [--label TEXT] [--rounds N] [--misses OUT.jsonl]
(--misses writes the searches of the first measured round that did not find their person, and those for people not
in the register that called someone a match or possible match, one JSON line each.)
"""

import argparse
import json
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_pass(base, headers, queries, misses=None):
    """Every query once, in order: {kind: [(ms, found)]}, with "all" holding every query. Queries whose person was
    not among the results are appended to the list `misses`, when given, with the ids that were shown instead. For a
    query with no person to find, found is (listed anyone, listed a match or possible match, how many listed)."""
    results = {}
    for q in queries:
        params = {k: v for k, v in q.items() if k not in ("kind", "expect")}
        url = f"{base}/api/v1/people?{urllib.parse.urlencode(params)}"
        started = time.perf_counter()
        kind = q["kind"]
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 422:
                raise
            # The API refused what was typed (labelled files hold records with no last name): not found, and
            # counted on its own as well.
            body, kind = [], "refused" if "expect" in q else kind
        elapsed = (time.perf_counter() - started) * 1000
        if "expect" not in q:
            called = any(c.get("decision") in ("link", "review") for c in body)
            if misses is not None and called:
                misses.append(dict(q, shown=[c["id"] for c in body], decisions=[c.get("decision") for c in body]))
            results.setdefault(kind, []).append((elapsed, (bool(body), called, len(body))))
            continue
        found = any(c["id"] == q["expect"] for c in body)
        if misses is not None and not found:
            misses.append(dict(q, shown=[c["id"] for c in body]))
        results.setdefault(kind, []).append((elapsed, found))
        results.setdefault("all", []).append((elapsed, found))
    return results


def summarise(results):
    """{kind: (n, p50, p95, max, found share)}; for people not in the register the last three are the shares that
    listed anyone and that called someone a match or possible match, and the mean number listed."""
    summary = {}
    for kind, timed in results.items():
        times = [t for t, _ in timed]
        timing = (len(times), statistics.median(times), percentile(times, 95), max(times))
        if isinstance(timed[0][1], tuple):
            outcomes = [f for _, f in timed]
            summary[kind] = timing + tuple(sum(o[i] for o in outcomes) / len(outcomes) for i in range(3))
        else:
            summary[kind] = timing + (sum(1 for _, f in timed if f) / len(timed),)
    return summary


def print_table(title, summary):
    print(title)
    print(f"{'query':<14}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'found':>8}")
    for kind in sorted(summary, key=lambda k: (k == "all", k)):
        n, p50, p95, most, found = summary[kind][:5]
        if len(summary[kind]) > 5:
            _, _, _, _, listed, called, mean = summary[kind]
            print(f"{kind:<14}{n:>5}{p50:>9.1f}{p95:>9.1f}{most:>9.1f}   listed anyone {listed:.1%}, "
                  f"a match or possible match {called:.1%}, {mean:.2f} people on average")
            continue
        print(f"{kind:<14}{n:>5}{p50:>9.1f}{p95:>9.1f}{most:>9.1f}{found:>8.1%}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("queries")
    parser.add_argument("--label", default="")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--misses", help="write the first round's searches that missed their person here")
    args = parser.parse_args()
    queries = [json.loads(line) for line in open(args.queries)]
    headers = {"Authorization": f"Bearer {args.token}", "Accept": "application/json"}
    run_pass(args.base, headers, queries)
    misses = []
    rounds = [
        summarise(run_pass(args.base, headers, queries, misses if index == 0 else None))
        for index in range(args.rounds)
    ]
    if args.misses:
        with open(args.misses, "w") as out:
            out.writelines(json.dumps(miss) + "\n" for miss in misses)
        print(f"  {len(misses)} searches that missed their person -> {args.misses}")
    for index, summary in enumerate(rounds, 1):
        n, p50, p95, most, found = summary["all"]
        print(f"  round {index}: all {n} queries p50 {p50:.1f} / p95 {p95:.1f} / max {most:.1f} ms, found {found:.1%}")
    median = {
        kind: tuple(statistics.median(r[kind][i] for r in rounds) for i in range(len(rounds[0][kind])))
        for kind in rounds[0]
    }
    print_table(f"{args.label} (median of {args.rounds} rounds after a warm-up pass)", median)


if __name__ == "__main__":
    main()
