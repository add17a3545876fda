#!/usr/bin/env python3
"""Deduplicate a generate.py file with Splink (DuckDB backend) and score it against the ground truth.

Usage: /tmp/splink-venv/bin/python splink_run.py IN.csv --out RESULT.json [--threads N] [--max-pairs 5e6]

The model is Splink's own recommended person-deduplication setup (its "deduplicate 50k synthetic" example, Splink 5
API): ForenameSurnameComparison with a full-name concatenation for term frequencies (it has the columns-reversed
level, for swapped names), DateOfBirthComparison, PostcodeComparison, and exact matches on NHS number, PNC ID, custody
number and sex; `aliases` is not compared (no library comparison fits it). Training as in the tutorials: the prior
from deterministic rules with recall 0.7, u by random sampling (fixed seed), then EM blocked on date of birth and on
forename + surname. Prediction blocks like Liaison's engine (see BLOCKING) and keeps pairs with p >= 0.01.

Pairwise precision, recall and F1 are computed against `cluster` at every distinct match probability; true pairs
missed by blocking count as false negatives. The best-F1 threshold goes in the JSON, with times in seconds;
total = load + train + predict (evaluation excluded). A one-line summary is printed to stdout.
"""

import argparse
import json
import logging
import os
import sys
import time
import warnings

import duckdb
import splink
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

BLOCKING = [
    block_on("dob"),
    block_on("surname", "substr(dob, 1, 4)"),  # DuckDB has no Soundex: a year of birth with the exact surname
    block_on("first_name", "surname"),
    CustomRule("l.first_name = r.surname and l.surname = r.first_name"),  # forename and surname swapped
    block_on("substr(first_name, 1, 2)", "substr(surname, 1, 3)", "substr(dob, 6, 5)"),
    block_on("nhs_number"),
    block_on("pnc_id"),
    block_on("custody_number"),
]


# Pairs below this probability are not kept, so no threshold under it can be judged.
KEPT_FROM = 0.01

def settings():
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=BLOCKING,
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname",
                                         forename_surname_concat_col_name="first_name_surname_concat"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("nhs_number"),
            cl.ExactMatch("pnc_id"),
            cl.ExactMatch("custody_number"),
            cl.ExactMatch("sex"),
        ],
    )


def query(con, sql, params=None):
    """Run SQL and fetch every row: DuckDB 2 refuses new work while a result is only partly fetched."""
    return con.execute(sql, params).fetchall()


def load(con, path):
    """All columns as VARCHAR (empty fields are NULL), plus the full name Splink's example derives for TF."""
    query(con, """CREATE TABLE people AS
                   SELECT *, first_name || ' ' || surname AS first_name_surname_concat
                   FROM read_csv(?, header = true, all_varchar = true)""", [path])
    return query(con, "SELECT count(*) FROM people")[0][0]


def train(linker, max_pairs):
    t = linker.training
    t.estimate_probability_two_random_records_match(
        [block_on("nhs_number"), block_on("first_name", "surname", "dob")], recall=0.7)
    t.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=42)
    t.estimate_parameters_using_expectation_maximisation(block_on("dob"), estimate_without_term_frequencies=True)
    t.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"),
                                                         estimate_without_term_frequencies=True)


def evaluate(con, predictions, blocked):
    """Best pairwise F1 over every distinct threshold (classify a pair as a match when p >= threshold)."""
    true_pairs = query(con, "SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM "
                            "(SELECT count(*) AS n FROM people GROUP BY cluster)")[0][0]
    prob, tp, n = (query(con, f"""
        WITH scored AS (
            SELECT p.match_probability AS prob, (a.cluster = b.cluster)::INTEGER AS hit
            FROM {predictions} p
            JOIN people a ON a.unique_id = p.unique_id_l JOIN people b ON b.unique_id = p.unique_id_r),
        grouped AS (SELECT prob, sum(hit) AS hits, count(*) AS n FROM scored GROUP BY prob),
        swept AS (SELECT prob, sum(hits) OVER w AS tp, sum(n) OVER w AS n FROM grouped
                  WINDOW w AS (ORDER BY prob DESC ROWS UNBOUNDED PRECEDING))
        SELECT prob, tp, n FROM swept ORDER BY 2.0 * tp / (n + {true_pairs}) DESC, prob DESC LIMIT 1""")
                   or [(1.0, 0, 0)])[0]
    blocked_true = query(con, f"""
        SELECT count(*) FROM {blocked} p
        JOIN people a ON a.unique_id = p.join_key_l JOIN people b ON b.unique_id = p.join_key_r
        WHERE a.cluster = b.cluster""")[0][0]
    best = dict(point(prob, tp, n, true_pairs), truePositives=int(tp), predictedPairs=int(n))
    # Every threshold above the next lower probability scored (or the floor predictions were kept from) gives the
    # same F1: the best threshold is that range.
    best["thresholdAbove"] = query(con, f"SELECT coalesce(max(match_probability), {KEPT_FROM}) FROM {predictions} "
                                        f"WHERE match_probability < {prob}")[0][0]
    # An even chance, the threshold Splink's documentation reads its probabilities at.
    tp5, n5 = query(con, f"""
        SELECT coalesce(sum((a.cluster = b.cluster)::INTEGER), 0), count(*) FROM {predictions} p
        JOIN people a ON a.unique_id = p.unique_id_l JOIN people b ON b.unique_id = p.unique_id_r
        WHERE p.match_probability >= 0.5""")[0]
    fixed = [dict(point(0.5, tp5, n5, true_pairs), name="even")]
    return int(true_pairs), best, fixed, int(blocked_true)


def point(threshold, tp, n, true_pairs):
    """Precision, recall and F1 when every pair at or above `threshold` is called a match."""
    return {"threshold": threshold, "precision": tp / n if n else 0.0,
            "recall": tp / true_pairs if true_pairs else 0.0,
            "f1": 2 * tp / (n + true_pairs) if n + true_pairs else 0.0}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--max-pairs", type=float, default=5e6, help="u-sampling pairs (default 5e6)")
    parser.add_argument("--verbose", action="store_true", help="Splink's INFO log on stderr")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    seconds = {}

    start = time.perf_counter()
    con = duckdb.connect()
    query(con, f"SET threads = {args.threads}")
    records = load(con, args.csv)
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register("people"), settings(),
                    log_level=logging.INFO if args.verbose else logging.WARNING)
    seconds["load"] = time.perf_counter() - start

    start = time.perf_counter()
    train(linker, args.max_pairs)
    seconds["train"] = time.perf_counter() - start

    start = time.perf_counter()
    blocked = linker.inference.compute_blocked_pairs_for_predict()  # cached: predict() scores this same table
    candidates = query(con, f"SELECT count(*) FROM {blocked.physical_name}")[0][0]
    predictions = linker.inference.predict(threshold_match_probability=KEPT_FROM, warning_mode="never")
    predicted = query(con, f"SELECT count(*) FROM {predictions.physical_name}")[0][0]
    seconds["predict"] = time.perf_counter() - start

    start = time.perf_counter()
    true_pairs, best, fixed, blocked_true = evaluate(con, predictions.physical_name, blocked.physical_name)
    seconds["evaluate"] = time.perf_counter() - start
    seconds["total"] = seconds["load"] + seconds["train"] + seconds["predict"]

    result = {"engine": "splink", "version": splink.__version__, "records": records, "truePairs": true_pairs,
              "candidatePairs": candidates, "predictionsAboveFloor": predicted, "blockedTruePairs": blocked_true,
              "best": best, "atThresholds": fixed, "seconds": {k: round(v, 3) for k, v in seconds.items()}, "threads": args.threads,
              "untrained": linker._settings_obj._not_trained_messages()}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"splink {splink.__version__}: {records:,} records, {candidates:,} candidate pairs, "
          f"blocking recall {blocked_true / max(true_pairs, 1):.3f}; best F1 {best['f1']:.3f} "
          f"(P {best['precision']:.3f}, R {best['recall']:.3f}) at p >= {best['threshold']:.4g}; "
          f"load {seconds['load']:.1f}s train {seconds['train']:.1f}s predict {seconds['predict']:.1f}s "
          f"total {seconds['total']:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
