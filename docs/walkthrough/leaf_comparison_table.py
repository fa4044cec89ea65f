#!/usr/bin/env python3
"""Prints the LeaF comparison as a Markdown table from a host's /api/verdict and /api/runs (standard library only).

usage: leaf_comparison_table.py HOST BASELINE_RUN RUN_ID...
Means, 95 % t-intervals and paired differences are the verdict's own numbers; wall time is each run's start to finish.
"""
import json
import sys
import urllib.request
from datetime import datetime


def get(host, path):
    with urllib.request.urlopen(host + path) as response:
        return json.load(response)


def cell(row, label):
    return next(c for c in row["cells"] if c["configuration"] == label)


def interval(i, points):
    if i is None:
        return "–"
    scale = 100 if points else 1
    mean = f"{i['mean'] * scale:+.1f} points" if points else f"{i['mean']:.3f}"
    if i["low"] is None:
        return f"{mean} (n = 1)"
    if points:
        return f"{mean} ({i['low'] * scale:+.1f} to {i['high'] * scale:+.1f})"
    return f"{mean} ({i['low']:.3f}–{i['high']:.3f})"


def minutes(run):
    if not run.get("finishedAt"):
        return None
    start, end = (datetime.fromisoformat(run[k][:26].rstrip("Z")) for k in ("startedAt", "finishedAt"))
    return (end - start).total_seconds() / 60


def main():
    host, baseline, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
    verdict = get(host, f"/api/verdict?runs={','.join(ids)}&baseline={baseline}")
    rows = {r["metric"]: r for r in verdict["rows"]}
    runs = {str(i): get(host, f"/api/runs/{i}") for i in ids}

    print("| variant | runs | OOD accuracy by seed | OOD accuracy, mean (95 % t) | paired vs plain KD (95 % t) "
          "| OOD copy rate | in-distribution accuracy | counterfactuals | detection ms/sample | wall time per run (min) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for config in verdict["configurations"]:
        label, members = config["label"], config["runIds"]
        name = runs[str(members[0])]["name"].rsplit("-seed", 1)[0]
        ood = rows["eval/ood/accuracy"]
        by_seed = ", ".join(f"{runs[str(r)]['name'].rsplit('seed', 1)[1]}: "
                            f"{next(p['value'] for p in reversed(get(host, f'/api/runs/{r}/metrics?name=eval/ood/accuracy')))}"
                            for r in members)
        counterfactuals = rows.get("detect/counterfactuals")
        ms = rows.get("detect/ms_per_sample")
        times = [m for m in (minutes(runs[str(r)]) for r in members) if m is not None]
        print(f"| {name} | {', '.join(map(str, members))} | {by_seed} | {interval(cell(ood, label)['value'], False)} "
              f"| {interval(cell(ood, label)['delta'], True)} "
              f"| {interval(cell(rows['eval/ood/copy_rate'], label)['value'], False)} "
              f"| {interval(cell(rows['eval/accuracy'], label)['value'], False)} "
              f"| {'–' if counterfactuals is None or cell(counterfactuals, label)['value'] is None else round(cell(counterfactuals, label)['value']['mean'])} "
              f"| {'–' if ms is None or cell(ms, label)['value'] is None else round(cell(ms, label)['value']['mean'], 1)} "
              f"| {', '.join(f'{t:.1f}' for t in times)} |")
    print()
    for sentence in verdict["sentences"]:
        print(f"- {sentence}")


if __name__ == "__main__":
    main()
