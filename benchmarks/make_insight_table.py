"""Write qnnlab/analysis/insight_table.json: the Playground's precomputed circuit insight.

For every registered ansatz (default options) on 1 to 6 qubits with 1 to 4 layers: the
expressibility (KL to Haar, 2000 pairs, 75 bins), the entangling capability (Meyer-Wallach, 2000
states) and the gradient variances (global and local cost, 200 samples, mean over parameters),
all with seed 0, through :func:`qnnlab.analysis.quick.build_table` (the settings are recorded in
the file). Takes about ten minutes on one core.

Usage: ``python benchmarks/make_insight_table.py [--qubits 1 6] [--layers 1 4]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from qnnlab.analysis.quick import TABLE_NAME, build_table

OUT = Path(__file__).resolve().parents[1] / "qnnlab" / "analysis" / TABLE_NAME


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qubits", type=int, nargs=2, default=(1, 6), metavar=("MIN", "MAX"))
    parser.add_argument("--layers", type=int, nargs=2, default=(1, 4), metavar=("MIN", "MAX"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    start = time.perf_counter()
    table = build_table(qubits=range(args.qubits[0], args.qubits[1] + 1),
                        layers=range(args.layers[0], args.layers[1] + 1), path=args.out,
                        progress=True)
    print(f"{len(table['entries'])} entries written to {args.out} in "
          f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
