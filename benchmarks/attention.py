"""Time and peak memory of attention: the course's reference, its chunked version, and
PyTorch's own.

For N from 512 to 16384 (d = 64, batch 1, one head, float32) it prints, on the CPU and on CUDA when
present, the time and the peak extra memory of ``ref.scaled_dot_product_attention`` (builds the N x
N weights), ``ref.chunked_attention`` (one chunk of keys at a time) and
``torch.nn.functional.scaled_dot_product_attention``, with each one's ratio to the last. How memory
is measured is explained in ``autograder/measure.py``. Nothing is asserted (machines are shared and
noisy); the targets are printed next to the numbers. Run from the course root:

    python benchmarks/attention.py              # N = 512 .. 16384 (a few minutes on a laptop CPU)
    python benchmarks/attention.py --quick      # N = 512 .. 4096
    python benchmarks/attention.py --max-n 8192 --device cpu
"""

from __future__ import annotations

import argparse

import torch
from torch.nn import functional as F

from autograder import reference as ref
from autograder.tools.measure import exact_cpu_accounting, peak_bytes, seconds

D, CHUNK = 64, 512


def methods(chunk: int):
    return {
        "reference": lambda q, k, v: ref.scaled_dot_product_attention(q, k, v)[0],
        "chunked": lambda q, k, v: ref.chunked_attention(q, k, v, chunk),
        "torch SDPA": lambda q, k, v: F.scaled_dot_product_attention(q, k, v),
    }


def mib(n_bytes: int | None) -> str:
    return "n/a" if n_bytes is None else f"{n_bytes / 2**20:.1f}"


def run(device: torch.device, sizes: list[int], chunk: int, repeats: int, measure: str) -> dict:
    """``measure`` "seconds" or "peak": {(n, method): value}. Times and memory are measured in
    separate passes: the memory pass changes glibc's allocator settings (see autograder/measure.py),
    which would slow the chunked version's many small allocations down and make its times unfair."""
    out = {}
    torch.manual_seed(0)
    for n in sizes:
        # (batch, heads, N, d): PyTorch picks its fused (flash) CPU kernel only for 4-D inputs.
        q, k, v = (torch.randn(1, 1, n, D, device=device) for _ in range(3))
        for name, fn in methods(chunk).items():

            def call(fn=fn, q=q, k=k, v=v):
                return fn(q, k, v)

            with torch.no_grad():
                # Short calls are the noisiest on a shared machine: repeat them more (best of
                # the repeats).
                reps = repeats * 3 if n <= 4096 else repeats
                out[(n, name)] = (
                    seconds(call, device, reps)
                    if measure == "seconds"
                    else peak_bytes(call, device)
                )
        del q, k, v
    return out


def rows_of(device: torch.device, times: dict, peaks: dict) -> list[dict]:
    rows = []
    for (n, name), t in times.items():
        base_t, base_p, p = times[(n, "torch SDPA")], peaks[(n, "torch SDPA")], peaks[(n, name)]
        rows.append(
            dict(
                device=device.type,
                n=n,
                method=name,
                seconds=t,
                peak=p,
                time_ratio=t / base_t,
                mem_ratio=None if not (p and base_p) else p / base_p,
            )
        )
    return rows


def print_table(rows: list[dict]) -> None:
    print("| device | N | method | time (ms) | x SDPA | peak memory (MiB) | x SDPA | x reference |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    plain = {(r["device"], r["n"]): r["peak"] for r in rows if r["method"] == "reference"}
    for r in rows:
        p = plain[(r["device"], r["n"])]
        vs_plain = "" if not (p and r["peak"] is not None) else f"{r['peak'] / p:.3f}"
        mem_ratio = "n/a" if r["mem_ratio"] is None else f"{r['mem_ratio']:.2f}"
        print(
            f"| {r['device']} | {r['n']} | {r['method']} | {1000 * r['seconds']:.1f} | "
            f"{r['time_ratio']:.2f} | {mib(r['peak'])} | {mem_ratio} | {vs_plain} |"
        )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--max-n", type=int, default=16384, help=("largest sequence length (default 16384)")
    )
    parser.add_argument(
        "--quick", action="store_true", help=("stop at N = 4096 and time each call twice")
    )
    parser.add_argument("--device", choices=["cpu", "cuda", "all"], default="all")
    parser.add_argument(
        "--chunk", type=int, default=CHUNK, help=(f"keys per chunk (default {CHUNK})")
    )
    parser.add_argument(
        "--threads", type=int, default=0, help=("torch CPU threads (default: PyTorch's choice)")
    )
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    max_n = min(args.max_n, 4096) if args.quick else args.max_n
    sizes = [n for n in (512, 1024, 2048, 4096, 8192, 16384) if n <= max_n]
    devices = [torch.device("cpu")] if args.device in ("cpu", "all") else []
    if args.device in ("cuda", "all") and torch.cuda.is_available():
        devices.append(torch.device("cuda"))
    print(
        f"d = {D}, batch 1, float32, chunk = {args.chunk} keys, torch {torch.__version__}, "
        f"{torch.get_num_threads()} CPU threads"
        + (f", {torch.cuda.get_device_name()}" if torch.cuda.is_available() else "")
    )
    repeats = 2 if args.quick else 3
    times = {d: run(d, sizes, args.chunk, repeats, "seconds") for d in devices}  # default allocator
    exact_cpu_accounting()
    rows = []
    for device in devices:
        rows += rows_of(device, times[device], run(device, sizes, args.chunk, repeats, "peak"))
    print_table(rows)
    for device in devices:
        by = {(r["n"], r["method"]): r for r in rows if r["device"] == device.type}
        if (2048, "reference") in by:
            print(
                f"{device.type}: reference / SDPA time at N = "
                f"2048: {by[(2048, 'reference')]['time_ratio']:.2f} "
                "(target on CPU: at most 1.5)"
            )
        big = max(n for n, _ in by)
        plain, chunked = by[(big, "reference")]["peak"], by[(big, "chunked")]["peak"]
        if plain and chunked is not None:
            print(
                f"{device.type}: chunked / reference peak memory at N = {big}: "
                f"{chunked / plain:.3f} (target at N = 16384: at most 0.1)"
            )


if __name__ == "__main__":
    main()
