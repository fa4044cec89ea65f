#!/usr/bin/python3
"""The Llama pair's step matmuls in the PyTorch twin's torch: the same shapes as Throughput/GemmShapes.cs.

Usage: LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 pytorch_gemm_shapes.py [--threads 1] [--reps 20]
"""
import argparse, statistics, time
import torch
import torch.nn.functional as F

SHAPES = [
    ("teacher q/o 512→512", 1024, 512, 512), ("teacher k/v 512→256", 1024, 512, 256),
    ("teacher gate/up 512→1536", 1024, 512, 1536), ("teacher down 1536→512", 1024, 1536, 512),
    ("head 512→8192", 1024, 512, 8192), ("student gate/up 256→1024", 1024, 256, 1024),
    ("student down 1024→256", 1024, 1024, 256), ("student head 256→8192", 1024, 256, 8192),
]

p = argparse.ArgumentParser(); p.add_argument("--threads", type=int, default=1); p.add_argument("--reps", type=int, default=20)
a = p.parse_args()
torch.set_num_threads(a.threads)
g = torch.Generator().manual_seed(7)
print(f"| shape (PyTorch {torch.__version__}, {a.threads} thread(s)) | M×K×N | GFLOP/s (median of {a.reps}) | GFLOP/s (best) |")
print("|---|---|---|---|")
tf = ts = 0.0
for name, m, k, n in SHAPES:
    x, w = torch.randn(m, k, generator=g), torch.randn(n, k, generator=g)
    for _ in range(3): F.linear(x, w)
    times = []
    for _ in range(a.reps):
        t = time.perf_counter(); F.linear(x, w); times.append(time.perf_counter() - t)
    f = 2.0 * m * k * n; med = statistics.median(times)
    tf += f; ts += med
    print(f"| {name} | {m}×{k}×{n} | {f / med / 1e9:.1f} | {f / min(times) / 1e9:.1f} |")
print(f"| all shapes, one each | | {tf / ts / 1e9:.1f} | |")
