"""Build an outside-check zh→en model from public pairs the team did not write (Tatoeba).

brief's own test model (tests/make_test_model.py) is trained on 1,000 FLORES sentences and
finance templates written here; a model trained on other people's sentences shows faults that one
never does (benchmarks/bench_translate.py found two on this one). The Tatoeba Mandarin-English
pairs (tatoeba.org, CC-BY 2.0 FR; manythings.org's ``cmn.txt``: English<TAB>Chinese<TAB>credit)
are not shipped, as their redistribution terms are unclear: bring the file.

    .venv/bin/python benchmarks/make_check_model.py cmn.txt OUT.argosmodel [--steps 4180] [--minutes 35]
    .venv/bin/python benchmarks/bench_translate.py --model OUT.argosmodel

The builder's own functions are reused with a bigger model (3+3 layers, width 192, 4,000 pieces;
about 33 minutes on 2 cores for 4,180 steps, BLEU ~21 on 300 held-out Tatoeba sentences).
300 pairs are held out and written next to the model as ``OUT.heldout.tsv``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import zipfile
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


def batch_maker(sp, pairs, rng):  # type: ignore[no-untyped-def]
    templates = M.read_templates()
    words = M.english_words(pairs)

    def encode(zh: str, en: str) -> tuple[list[int], list[int]]:
        return sp.encode(zh)[: M.MAX_LEN - 4], sp.encode(en)[: M.MAX_LEN - 4]

    encoded = [encode(zh, en) for zh, en in pairs]

    def make(size: int):  # type: ignore[no-untyped-def]
        import torch

        batch = []
        for _ in range(size):  # same 4-way mix as make_test_model.train(), kind "default"
            kind = rng.randrange(4)
            if kind == 0:
                batch.append(encode(*M.fill(templates[rng.randrange(len(templates))], rng, words)))
            elif kind == 1:
                batch.append(M.fragment(*encoded[rng.randrange(len(encoded))], rng))
            elif kind == 2:
                zh, en = pairs[rng.randrange(len(pairs))]
                batch.append(encode(*M.with_span(zh, en, rng, words)))
            else:
                batch.append(encoded[rng.randrange(len(encoded))])
        examples = [(s + [M.EOS], [M.BOS] + t + [M.EOS]) for s, t in batch]
        src_t = torch.full((size, max(len(s) for s, _ in examples)), M.PAD)
        tgt_t = torch.full((size, max(len(t) for _, t in examples)), M.PAD)
        for row, (s, t) in enumerate(examples):
            src_t[row, : len(s)] = torch.tensor(s)
            tgt_t[row, : len(t)] = torch.tensor(t)
        return src_t, tgt_t

    return make


def train(sp_model: Path, pairs: list[tuple[str, str]], steps: int, minutes: float):  # type: ignore[no-untyped-def]
    import sentencepiece as spm
    import torch

    torch.set_num_threads(2)
    torch.manual_seed(M.SEED)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    make = batch_maker(sp, pairs, random.Random(M.SEED))
    model = M.build_torch_model(sp.get_piece_size())
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.98))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 200) * max(0.1, 1 - step / max(1, steps)))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=M.PAD, label_smoothing=0.05)
    model.train()
    start = time.monotonic()
    done = 0
    for done in range(1, steps + 1):
        src_t, tgt_t = make(M.BATCH)
        logits = model(src_t, tgt_t[:, :-1])
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_t[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if done % 500 == 0:
            print(f"step {done}/{steps}: loss {loss.item():.3f} ({time.monotonic() - start:.0f} s)", file=sys.stderr, flush=True)
        if time.monotonic() - start > minutes * 60:
            print(f"time is up after {done} steps", file=sys.stderr, flush=True)
            break
    info = {"steps": done, "train_minutes": round((time.monotonic() - start) / 60, 1), "last_loss": round(loss.item(), 3)}
    return model, [sp.id_to_piece(i) for i in range(sp.get_piece_size())], info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pairs", type=Path, help="manythings.org cmn.txt (English<TAB>Chinese<TAB>credit)")
    parser.add_argument("out", type=Path, help="the .argosmodel to write")
    parser.add_argument("--steps", type=int, default=4180)
    parser.add_argument("--minutes", type=float, default=35, help="stop training after this long")
    args = parser.parse_args()
    tatoeba, held = load_tatoeba(args.pairs)
    flores = M.read_pairs()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".heldout.tsv").write_text("".join(f"{zh}\t{en}\n" for zh, en in held), encoding="utf-8")
    pairs = tatoeba + flores
    print(f"tatoeba {len(tatoeba)} pairs (+{len(held)} held out), flores {len(flores)}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        package = work / "translate-zh_en-tatoeba-check"
        package.mkdir()
        sp_model = M.train_sentencepiece(pairs, work, False)
        model, vocab, info = train(sp_model, pairs, args.steps, args.minutes)
        M.to_ctranslate2(model, vocab, package / "model")
        shutil.copy(sp_model, package / "sentencepiece.model")
        metadata = {"package_version": "0.1", "argos_version": "1.9.0", "from_code": "zh", "from_name": "Chinese",
                    "to_code": "en", "to_name": "English", "package_name": "tatoeba-check", "type": "translate"}
        (package / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (package / "README.md").write_text(
            "Outside-check zh→en model: Tatoeba Mandarin-English pairs (CC-BY 2.0 FR), a FLORES-200 excerpt "
            "(CC BY-SA 4.0) and brief's finance templates. For checking brief, not for real use.\n", encoding="utf-8")
        partial = args.out.with_name(args.out.name + ".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(package.rglob("*")):
                name = path.relative_to(work).as_posix() + ("/" if path.is_dir() else "")
                archive.writestr(zipfile.ZipInfo(name, M.ZIP_TIME), b"" if path.is_dir() else path.read_bytes(),
                                 zipfile.ZIP_DEFLATED)
        partial.replace(args.out)
    print(json.dumps(info), file=sys.stderr)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
