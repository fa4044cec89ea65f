#!/usr/bin/python3
"""Three-epoch live-teacher distillation of the Llama 40M/10M pair in PyTorch eager: the loop TRL runs (teacher forward under
no_grad at every step), side by side with `dotnet run -c Release --project src/Workbench.Benchmarks -- store-epochs`.

Reuses the model code of shared/bench/pytorch_llama_pair.py (--twin). Reads the token ids the Workbench benchmark wrote
(--ids DIR/ids.json: 64 training and 16 held-out sequences of 128 word ids), then per student: 3 epochs of B 8 shuffled
sequences, CE + forward KL at T = 2 (x T^2) over positions 0..126 (logits at t predict token t + 1, as the Workbench batch),
AdamW lr 1e-3 wd 0.01, clip 1.0. Prints one JSON line: wall time (both students), train seconds and held-out CE / forward KL /
top-1 agreement per student. The teacher has random weights with its head scaled x 8, as in the Workbench benchmark.
Usage: LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 pytorch_llama_epochs.py --ids /tmp/wb-store-epochs/ids.json
"""
import argparse, importlib.util, json, os, random, time
import torch
import torch.nn.functional as F


def load_twin(path):
    spec = importlib.util.spec_from_file_location("pytorch_llama_pair", path)
    module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
    return module


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", required=True); ap.add_argument("--twin", default=os.path.join(here, "../../../shared/bench/pytorch_llama_pair.py"))
    ap.add_argument("--students", type=int, default=2); ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1); ap.add_argument("--threads", type=int, default=1)
    # bf16: each step's forwards and loss under torch's CPU autocast, the logits upcast to fp32 before any softmax, as a
    # Workbench run with precision bf16 does; evaluation stays fp32.
    ap.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    a = ap.parse_args()
    twin = load_twin(a.twin)
    torch.set_num_threads(a.threads); torch.manual_seed(1)
    data = json.load(open(a.ids))
    train = torch.tensor(data["train"]); held = torch.tensor(data["eval"])
    B, T, V, Tk = 8, 128, 8192, 2.0
    teacher = twin.build("teacher", T).eval()
    with torch.no_grad(): teacher.head.weight.mul_(8)
    for p in teacher.parameters(): p.requires_grad_(False)

    wall = time.perf_counter(); cpu = time.process_time(); results = []
    for s in range(a.students):
        torch.manual_seed(a.seed * 100 + s)
        student = twin.build("student", T)
        opt = torch.optim.AdamW(student.parameters(), lr=1e-3, weight_decay=0.01, betas=(0.9, 0.99))
        rng = random.Random(a.seed * 100 + s); started = time.perf_counter(); cpu_started = time.process_time(); last = 0.0
        for _ in range(a.epochs):
            order = list(range(len(train))); rng.shuffle(order)
            for at in range(0, len(order) - B + 1, B):
                ids = train[order[at:at + B]]
                tgt = ids[:, 1:]
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.precision == "bf16"):
                    logits = student(ids)[:, :-1].float()
                    loss = F.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1))
                    with torch.no_grad(): tl = teacher(ids)[:, :-1].float()
                    lt = F.log_softmax(tl / Tk, -1); ls = F.log_softmax(logits / Tk, -1)
                    loss = loss + (lt.exp() * (lt - ls)).sum(-1).mean() * Tk * Tk
                opt.zero_grad(set_to_none=True); loss.backward()
                torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0); opt.step(); last = loss.item()
        train_s = time.perf_counter() - started; train_cpu = time.process_time() - cpu_started
        student.eval()
        with torch.no_grad():
            zs = student(held)[:, :-1].reshape(-1, V); zt = teacher(held)[:, :-1].reshape(-1, V); y = held[:, 1:].reshape(-1)
            ce = F.cross_entropy(zs, y).item()
            lp, lq = F.log_softmax(zt, -1), F.log_softmax(zs, -1)
            kl = (lp.exp() * (lp - lq)).sum(-1).mean().item()
            agree = (zs.argmax(-1) == zt.argmax(-1)).float().mean().item()
        results.append({"student": s, "train_seconds": round(train_s, 1), "train_cpu_seconds": round(train_cpu, 1), "last_loss": round(last, 4),
                        "eval_ce": round(ce, 4), "eval_forward_kl": round(kl, 4), "eval_agreement": round(agree, 4)})
    print(json.dumps({"mode": "pytorch_live", "precision": a.precision, "torch": torch.__version__, "seed": a.seed, "epochs": a.epochs, "students": a.students,
                      "wall_seconds": round(time.perf_counter() - wall, 1), "cpu_seconds": round(time.process_time() - cpu, 1), "load": open("/proc/loadavg").read().strip(), "results": results}))


if __name__ == "__main__":
    main()
