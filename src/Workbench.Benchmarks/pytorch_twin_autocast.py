#!/usr/bin/python3
"""Runs a case of shared/bench/pytorch_llama_pair.py (the PyTorch eager twin) with its code unchanged inside torch's CPU
bf16 autocast, for a like-for-like comparison with a Workbench run whose precision is bf16 (`training --twin ... --precision
bf16` starts this instead of the twin itself). torch 1.13's oneDNN runs the bf16 matmuls on AMX where the CPU has it.
Usage: /usr/bin/python3 pytorch_twin_autocast.py --twin PATH/pytorch_llama_pair.py [the twin's own arguments]
"""
import importlib.util, sys
import torch


def main():
    at = sys.argv.index("--twin")
    path = sys.argv[at + 1]
    del sys.argv[at:at + 2]
    spec = importlib.util.spec_from_file_location("pytorch_llama_pair", path)
    twin = importlib.util.module_from_spec(spec); spec.loader.exec_module(twin)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        twin.main()


if __name__ == "__main__":
    main()
