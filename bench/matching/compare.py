#!/usr/bin/env python3
"""Markdown table of matching benchmark results, Liaison and Splink side by side.

Usage: compare.py LIAISON.json SPLINK.json [LIAISON.json SPLINK.json ...]

Each argument pair is one data set run through both engines (liaison's JSON first by convention; the `engine` field
is what is printed). Every JSON has the shape splink_run.py writes:
    {"engine", "version", "records", "truePairs", "candidatePairs",
     "best": {"threshold", "thresholdAbove", "precision", "recall", "f1"}, "seconds": {"load", "train", "predict", "evaluate", "total"},
     "atThresholds": [{"name", "threshold", "precision", "recall", "f1"}]}
A second table shows every engine at its fixed thresholds (Liaison's review and link thresholds, and both at 0.5).
The data set's name is taken from the file name (`liaison-febrl3.json` → febrl3), as run.sh writes them.
The two rows of a pair are printed together; a pair whose record or true-pair counts differ is flagged on stderr,
since it was not run on the same file.
"""

import json
import os
import sys


def dataset(path):
    """febrl3 of …/liaison-febrl3.json."""
    name = os.path.splitext(os.path.basename(path))[0]
    return name.split("-", 1)[1] if "-" in name else name

HEADER = ("| data set | records | engine | precision | recall | F1 | threshold | candidate pairs | train s | predict s | total s |\n"
          "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def threshold(best):
    """The best-F1 threshold as the range of thresholds that give it (any above the next lower probability scored
    and at most the best pair's), or the point where a result predates the range."""
    if "thresholdAbove" not in best:
        return f"{best['threshold']:.4g}"
    return f"{best['thresholdAbove']:.3g} < t ≤ {best['threshold']:.3g}"


def row(result, path):
    best, seconds = result["best"], result["seconds"]
    engine = f"{result['engine']} {result.get('version', '')}".strip()
    candidates = result.get("candidatePairs")
    cells = [dataset(path), f"{result['records']:,}", engine, f"{best['precision']:.3f}", f"{best['recall']:.3f}", f"{best['f1']:.3f}",
             threshold(best), "" if candidates is None else f"{candidates:,}",
             f"{seconds['train']:.1f}", f"{seconds['predict']:.1f}", f"{seconds['total']:.1f}"]
    return "| " + " | ".join(cells) + " |"


def main(paths):
    if not paths or len(paths) % 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    print(HEADER)
    for left_path, right_path in zip(paths[::2], paths[1::2]):
        with open(left_path) as f:
            left = json.load(f)
        with open(right_path) as f:
            right = json.load(f)
        for key in ("records", "truePairs"):
            if left.get(key) != right.get(key):
                print(f"warning: {left_path} and {right_path} differ in {key} ({left.get(key)} vs {right.get(key)})",
                      file=sys.stderr)
        print(row(left, left_path))
        print(row(right, right_path))
    # The same runs at fixed thresholds (each engine's shipped ones, and an even chance): no labels used to choose.
    print()
    print("| data set | records | engine | at | threshold | precision | recall | F1 |\n"
          "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: |")
    for path in paths:
        with open(path) as f:
            result = json.load(f)
        engine = f"{result['engine']} {result.get('version', '')}".strip()
        for fixed in result.get("atThresholds", []):
            print(f"| {dataset(path)} | {result['records']:,} | {engine} | {fixed['name']} | {fixed['threshold']:.4g} | "
                  f"{fixed['precision']:.3f} | {fixed['recall']:.3f} | {fixed['f1']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
