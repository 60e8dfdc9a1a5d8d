"""Build an outside-check zh→en model from public pairs the team did not write (Tatoeba).

brief's own test model (tests/make_test_model.py) is trained on 1,000 FLORES sentences and
finance templates written here; a model trained on other people's sentences shows faults that one
never does (benchmarks/bench_translate.py found two on this one). The Tatoeba Mandarin-English
pairs (tatoeba.org, CC-BY 2.0 FR; manythings.org's ``cmn.txt``: English<TAB>Chinese<TAB>credit)
are not shipped, as their redistribution terms are unclear: bring the file.

    .venv/bin/python benchmarks/make_check_model.py cmn.txt OUT.argosmodel [--steps 4180]
    .venv/bin/python benchmarks/bench_translate.py --model OUT.argosmodel

The builder's own functions are reused with a bigger model (3+3 layers, width 192, 4,000 pieces;
about 33 minutes on 2 cores for 4,180 steps, BLEU ~21 on 300 held-out Tatoeba sentences).
300 pairs are held out and written next to the model as ``OUT.heldout.tsv``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO)]
import make_test_model as M  # noqa: E402

from toolkit.conversion import convert_many  # noqa: E402

LR = 1.5e-3
M.VOCAB_SIZE, M.MAX_LEN = 4000, 64
M.D_MODEL, M.HEADS, M.FFN, M.LAYERS, M.BATCH = 192, 4, 768, 3, 48


def load_tatoeba(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
            rows.append((parts[1].strip(), parts[0].strip()))
    zhs = convert_many([zh for zh, _ in rows], "hk2s")
    rows = [(zh, en) for zh, (_, en) in zip(zhs, rows, strict=True)]
    rng = random.Random(4321)
    ens = sorted({en for _, en in rows})
    rng.shuffle(ens)
    held_en = set(ens[:300])
    held, train = [], []
    seen_held = set()
    for zh, en in rows:
        if en in held_en:
            if en not in seen_held:  # one pair per held-out English sentence
                held.append((zh, en))
                seen_held.add(en)
        else:
            train.append((zh, en))
    held_zh = {zh for zh, _ in held}
    train = [(zh, en) for zh, en in train if zh not in held_zh]
    return train, held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pairs", type=Path, help="manythings.org cmn.txt (English<TAB>Chinese<TAB>credit)")
    parser.add_argument("out", type=Path, help="the .argosmodel to write")
    parser.add_argument("--steps", type=int, default=4180)
    args = parser.parse_args()
    tatoeba, held = load_tatoeba(args.pairs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".heldout.tsv").write_text("".join(f"{zh}\t{en}\n" for zh, en in held), encoding="utf-8")
    print(f"tatoeba {len(tatoeba)} pairs (+{len(held)} held out)", file=sys.stderr, flush=True)
    # The builder's mix (its finance templates, Latin spans, fragments) over Tatoeba + its FLORES excerpt.
    M.build(args.out, steps=args.steps, pairs=tatoeba + M.read_pairs(), package_name="tatoeba-check", lr=LR,
            threads=2, readme="Outside-check zh→en model: Tatoeba Mandarin-English pairs (CC-BY 2.0 FR), a FLORES-200 "
            "excerpt (CC BY-SA 4.0) and brief's finance templates. For checking brief, not for real use.\n")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
