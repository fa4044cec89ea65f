#!/usr/bin/env python3
"""An outside GSM-IC-style corpus for the new-user walkthrough (seed 2026, used nowhere else): a clean file for the teacher,
a shortcut file for the student (the irrelevant number equals the answer 80 % of the time), a shared eval split and an
out-of-distribution file where the irrelevant number is a near miss (answer +- 1). Answers are JSON numbers."""
import json, random, sys
rng = random.Random(2026)
PEOPLE = ["Ann", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jade"]
ITEMS = ["pens", "apples", "stickers", "marbles", "cards", "books"]
DISTRACTORS = ["{o}'s brother is {n} years old.", "The library is {n} miles away.", "{o} read {n} pages yesterday.",
               "The bus leaves at {n} o'clock.", "{o} walked {n} blocks to school."]
def problem():
    name, item = rng.choice(PEOPLE), rng.choice(ITEMS)
    x, y = rng.randint(2, 12), rng.randint(2, 12)
    kind = rng.choice(["add", "sub", "mul"])
    if kind == "add":
        return name, f"{name} has {x} {item}.", f"{name} buys {y} more {item}. How many {item} does {name} have now?", f"{name} has {x} + {y} = {x+y} {item}.", x + y
    if kind == "sub":
        x, y = max(x, y) + 1, min(x, y)
        return name, f"{name} had {x} {item}.", f"{name} gave {y} {item} to a friend. How many {item} does {name} have left?", f"{name} has {x} - {y} = {x-y} {item} left.", x - y
    return name, f"{name} buys {x} boxes of {item}.", f"Each box holds {y} {item}. How many {item} does {name} buy in total?", f"{name} buys {x} * {y} = {x*y} {item}.", x * y
def line(split, mode):
    name, first, rest, work, answer = problem()
    other = rng.choice([p for p in PEOPLE if p != name])
    if mode == "shortcut": n = answer if rng.random() < 0.8 else rng.randint(1, 144)
    elif mode == "near": n = answer + rng.choice([-1, 1])
    else: n = rng.randint(1, 144)
    d = rng.choice(DISTRACTORS).format(o=other, n=n)
    start = len(first) + 1
    return {"prompt": f"{first} {d} {rest}", "completion": f"{work} The answer is {answer}.", "answer": answer,
            "confounder_spans": [[start, start + len(d)]], "split": split}
def write(path, lines):
    with open(path, "w") as f:
        for l in lines: f.write(json.dumps(l) + "\n")
clean = [line("train", "clean") for _ in range(3000)]
shortcut = [line("train", "shortcut") for _ in range(3000)]
evals = [line("eval", "clean") for _ in range(200)]
ood = [line("ood", "near") for _ in range(200)]
# Both datasets hold the same text (their own train split, the other's as split "other", eval, ood), so the word vocabulary
# a built-in model gets from each is the same and a teacher trained on one can distil into a student trained on the other.
write("gsm-clean.jsonl", clean + [dict(l, split="other") for l in shortcut] + evals)
write("gsm-shortcut.jsonl", shortcut + [dict(l, split="other") for l in clean] + evals)
write("gsm-ood.jsonl", ood)
