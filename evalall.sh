#!/bin/sh
# all parts, totals only
cd /work/wt2/unsigned
for p in dev locked holdout_a holdout_b holdout_c holdout_d holdout_e holdout_f holdout_g credits credits_locked lists lists_locked boxes boxes_locked unsigned; do
  printf "%-16s " $p; timeout 120 .venv/bin/python benchmarks/eval_segment.py --part $p | grep "total:"
done
