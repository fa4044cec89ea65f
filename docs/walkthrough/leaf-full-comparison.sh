#!/usr/bin/env bash
# LeaF with the best scorer vs LeaF with the paper's scorer vs plain KD (issue 14), through a running host's HTTP API:
# the LeaF demo (teacher, pre-KD student, group "leaf-demo": leaf.mask none vs instruction, seeds 1-3), a second sweep
# group "leaf-numbers" (the number-edit intervention scorer, top-1 and top-3 clauses), then the verdict over all 12 runs.
# Needs curl and jq. See leaf-full-comparison.md for what it measured.
set -euo pipefail
HOST=${HOST:-http://127.0.0.1:5080}
OUT=${OUT:-leaf-full-comparison}
mkdir -p "$OUT"

# 1. The demo: runs teacher (3000 steps), student (600), then plain KD and LeaF (paper scorer) for seeds 1, 2, 3.
curl -sf -X POST "$HOST/api/demos/leaf" > "$OUT/demo.json"
teacher=$(jq .teacherRunId "$OUT/demo.json"); student=$(jq .studentRunId "$OUT/demo.json")
echo "teacher run $teacher, student run $student, group $(jq .groupId "$OUT/demo.json")"

# 2. The best scorer: base = the leaf-kd preset (the demo's protocol: 600 steps, detection over all 6,000 samples) with the
#    demo's teacher and student by run id, the number-edit intervention scorer, one clause per sample or three.
#    With thresholdMode "top", maxSpansPerSample 1 is the default (unset); the axis may also be written [null, 3].
curl -sf "$HOST/api/presets" | jq --argjson t "$teacher" --argjson s "$student" '.[] | select(.id == "leaf-kd") | .config
  | .teacher.run = $t | .teacher.checkpoint = null | .student.run = $s | .student.checkpoint = null
  | .leaf += {mask: "instruction", scorer: "intervention", interventionCandidates: "numbers", interventionEffect: "moves",
              spanUnit: "clause", thresholdMode: "top", maxSpansPerSample: 1}
  | {name: "leaf-numbers", base: ., seeds: [1, 2, 3], axes: [{path: "leaf.maxSpansPerSample", values: [1, 3]}]}' \
  > "$OUT/sweep-numbers.json"
curl -sf -X POST "$HOST/api/sweeps" -H 'content-type: application/json' -d @"$OUT/sweep-numbers.json" > "$OUT/numbers.json"

# 3. Wait for every run of both groups (the scheduler runs Workbench:MaxConcurrentRuns at once).
runs=$( (jq -r '.groupRunIds[]' "$OUT/demo.json"; jq -r '.runIds[]' "$OUT/numbers.json") | sort -n | paste -sd,)
echo "runs $runs"
while curl -sf "$HOST/api/runs?limit=100" | jq -e --arg ids "$runs" '[.[] | select((.id | tostring) as $i | $ids | split(",") | index($i)) | select(.status == "queued" or .status == "running")] | length > 0' > /dev/null; do
  sleep 30
done

# 4. The verdict, baseline = plain KD (the demo group's first run), OOD accuracy and copy rate as key metrics.
baseline=$(jq '.groupRunIds[0]' "$OUT/demo.json")
curl -sf "$HOST/api/verdict?runs=$runs&baseline=$baseline&keys=detect/counterfactuals" > "$OUT/verdict.json"
jq -r '.sentences[]?' "$OUT/verdict.json"

# 5. The table (verdict numbers, each seed's value, counterfactuals, detection cost, wall time).
python3 "$(dirname "$0")/leaf_comparison_table.py" "$HOST" "$baseline" ${runs//,/ } | tee "$OUT/table.md"
