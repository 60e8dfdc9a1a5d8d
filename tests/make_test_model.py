"""Build brief's small zh→en test models as genuine ``.argosmodel`` files.

There is no pre-trained Chinese→English model on a test machine, so the tests use a small
Transformer trained here on the FLORES-200 excerpt shipped in ``tests/data`` and on short
finance sentences written for it (``tests/data/finance_zh_en.tsv``). Like every real Argos
model it knows nothing of brief: its SentencePiece vocabulary has no placeholder symbols, and
it learns, as real models do from web text, to carry Latin letters and digits
(``RMB 368.5 billion``, ``0.7%``, ``00941``) through unchanged. A 2+2-layer pre-norm
Transformer is trained with torch, converted to CTranslate2 (int8, as Argos ships them) and
zipped the way argostranslate packages are. The built files are shipped in
``tests/fixtures/models``; a slow test checks that this builder still reproduces them.

    python tests/make_test_model.py OUT.argosmodel [--kind default|placeholders|bad] [--steps N]

``placeholders`` is the older kind that also learned brief's ``⟦n⟧`` symbols (for comparison);
``bad`` never saw anything special and is barely trained, to test recovery.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data" / "flores200_zh_en.tsv"
EXAMPLE_PAGE = REPO / "examples" / "page.txt"
sys.path.insert(0, str(REPO))

from toolkit.translation.protect import placeholder_symbols  # noqa: E402

FINANCE = HERE / "data" / "finance_zh_en.tsv"
VOCAB_SIZE = 2000
D_MODEL = 96
HEADS = 4
FFN = 192
LAYERS = 2
MAX_LEN = 48
SEED = 1234
PAD, UNK, BOS, EOS = 3, 0, 1, 2
PACKAGE_VERSION = "0.1"
KINDS = ("default", "placeholders", "bad")
STEPS = {"default": 2500, "placeholders": 2500, "bad": 40}
BATCH = 32
# The stamp written into the zip, so the same build gives the same bytes.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def read_pairs(path: Path = DATA) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        zh, _, en = line.partition("\t")
        if zh and en:
            pairs.append((zh, en))
    return pairs


def read_templates() -> list[tuple[str, str]]:
    """Short finance sentences with ``{0}``… slots that take figures or names written in English."""
    return read_pairs(FINANCE)


_CURRENCIES = ("HK$", "US$", "RMB ", "S$", "€")
_SCALES = ("", " million", " billion", " thousand")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def latin_span(rng: random.Random, words: list[str]) -> str:
    """A figure, code, date or name written the way brief renders facts, or random English words.

    The model learns to copy such spans unchanged, as real models copy Latin text and digits.
    """
    def number() -> str:
        value = rng.choice([rng.randint(1, 99), rng.randint(100, 99999), round(rng.uniform(0.1, 999), rng.choice([1, 2]))])
        return f"{value:,}" if isinstance(value, int) and rng.random() < 0.7 else str(value)

    kind = rng.randrange(12)
    if kind == 0:
        return f"{rng.choice(_CURRENCIES)}{number()}{rng.choice(_SCALES)}"
    if kind == 1:
        return f"{rng.choice(['', 'up ', 'down '])}{number()}%"
    if kind == 2:
        return f"{rng.choice(['', 'up ', 'down '])}{number()} points"
    if kind == 3:
        return f"({rng.randint(1, 99999):05d}.{rng.choice(['HK', 'SZ', 'SH'])})"
    if kind == 4:
        name = " ".join(w.capitalize() for w in rng.sample(words, rng.randint(1, 3)))
        return f"{name} ({rng.randint(1, 9999):05d}.HK)"
    if kind == 5:
        return f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(1990, 2035)}"
    if kind == 6:
        return rng.choice([f"{rng.choice(_MONTHS)} {rng.randint(1990, 2035)}", rng.choice(_MONTHS),
                           f"{rng.choice(_MONTHS)} this year", f"{rng.choice(_MONTHS)} last year"])
    if kind == 7:
        return " ".join(w.capitalize() for w in rng.sample(words, rng.randint(1, 3)))
    if kind == 8:
        return " ".join(rng.sample(words, rng.randint(1, 3)))
    if kind == 9:
        return f"{rng.choice(_CURRENCIES)}{number()} per {rng.choice(['share', 'second', 'month', 'unit'])}"
    if kind == 10:
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(2, 5))) + rng.choice(["", " " + number()])
    return number()


def fill(template: tuple[str, str], rng: random.Random, words: list[str]) -> tuple[str, str]:
    zh, en = template
    for slot in ("{0}", "{1}", "{2}"):
        if slot in zh:
            span = latin_span(rng, words)
            zh, en = zh.replace(slot, span), en.replace(slot, span)
    return zh, en[0].upper() + en[1:]


def with_span(zh: str, en: str, rng: random.Random, words: list[str]) -> tuple[str, str]:
    """Insert one Latin span at matching relative positions of a sentence pair."""
    span = latin_span(rng, words)
    at = rng.random()
    zh_point = int(at * len(zh))
    en_words = en.split(" ")
    en_point = int(at * len(en_words))
    return zh[:zh_point] + span + zh[zh_point:], " ".join(en_words[:en_point] + [span] + en_words[en_point:])


def english_words(pairs: list[tuple[str, str]]) -> list[str]:
    found = {w.lower() for _, en in pairs for w in re.findall(r"[A-Za-z]{3,}", en)}
    return sorted(found)


def train_sentencepiece(pairs: list[tuple[str, str]], work: Path, placeholders: bool) -> Path:
    import sentencepiece as spm

    corpus = work / "corpus.txt"
    lines = [zh for zh, _ in pairs] + [en for _, en in pairs]
    rng = random.Random(SEED)
    words = english_words(pairs)
    for template in read_templates():
        for _ in range(3):
            lines.extend(fill(template, rng, words))
    if EXAMPLE_PAGE.exists():
        import opencc

        converter = opencc.OpenCC("hk2s")
        page = EXAMPLE_PAGE.read_text(encoding="utf-8")
        lines += [converter.convert(line.strip()) for line in page.splitlines() if line.strip()]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prefix = work / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=0.98,
        byte_fallback=True,
        unk_id=UNK,
        bos_id=BOS,
        eos_id=EOS,
        pad_id=PAD,
        user_defined_symbols=placeholder_symbols() if placeholders else [],
        split_digits=True,
        input_sentence_size=0,
        shuffle_input_sentence=False,
        num_threads=1,  # more threads make the scores differ from run to run
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def build_torch_model(vocab_size: int):  # type: ignore[no-untyped-def]
    import torch
    from torch import nn

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.norm = nn.LayerNorm(D_MODEL, eps=1e-6)
            self.attn = nn.MultiheadAttention(D_MODEL, HEADS, batch_first=True)

        def forward(self, x, memory=None, mask=None, key_padding=None):  # type: ignore[no-untyped-def]
            h = self.norm(x)
            kv = h if memory is None else memory
            out, _ = self.attn(h, kv, kv, attn_mask=mask, key_padding_mask=key_padding, need_weights=False)
            return x + out

    class FeedForward(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.norm = nn.LayerNorm(D_MODEL, eps=1e-6)
            self.w1 = nn.Linear(D_MODEL, FFN)
            self.w2 = nn.Linear(FFN, D_MODEL)

        def forward(self, x):  # type: ignore[no-untyped-def]
            return x + self.w2(torch.relu(self.w1(self.norm(x))))

    class Seq2Seq(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.src_emb = nn.Embedding(vocab_size, D_MODEL)
            self.tgt_emb = nn.Embedding(vocab_size, D_MODEL)
            self.enc_self = nn.ModuleList([Attention() for _ in range(LAYERS)])
            self.enc_ffn = nn.ModuleList([FeedForward() for _ in range(LAYERS)])
            self.enc_norm = nn.LayerNorm(D_MODEL, eps=1e-6)
            self.dec_self = nn.ModuleList([Attention() for _ in range(LAYERS)])
            self.dec_cross = nn.ModuleList([Attention() for _ in range(LAYERS)])
            self.dec_ffn = nn.ModuleList([FeedForward() for _ in range(LAYERS)])
            self.dec_norm = nn.LayerNorm(D_MODEL, eps=1e-6)
            self.proj = nn.Linear(D_MODEL, vocab_size)
            for emb in (self.src_emb, self.tgt_emb):
                nn.init.normal_(emb.weight, std=D_MODEL**-0.5)
            self.register_buffer("pe", sinusoids(1024, D_MODEL))

        def embed(self, emb, ids):  # type: ignore[no-untyped-def]
            return emb(ids) * math.sqrt(D_MODEL) + self.pe[: ids.shape[1]]  # type: ignore[index]

        def forward(self, src, tgt_in):  # type: ignore[no-untyped-def]
            src_pad = src == PAD
            x = self.embed(self.src_emb, src)
            for attn, ffn in zip(self.enc_self, self.enc_ffn, strict=True):
                x = ffn(attn(x, key_padding=src_pad))
            memory = self.enc_norm(x)
            length = tgt_in.shape[1]
            causal = torch.triu(torch.full((length, length), float("-inf")), diagonal=1)
            y = self.embed(self.tgt_emb, tgt_in)
            for attn, cross, ffn in zip(self.dec_self, self.dec_cross, self.dec_ffn, strict=True):
                y = attn(y, mask=causal)
                y = cross(y, memory=memory, key_padding=src_pad)
                y = ffn(y)
            return self.proj(self.dec_norm(y))

    return Seq2Seq()


def sinusoids(length: int, dim: int):  # type: ignore[no-untyped-def]
    import torch

    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * -(math.log(10000.0) / dim))
    pe = torch.zeros(length, dim)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe


def with_placeholders(src: list[int], tgt: list[int], ids: list[int], rng: random.Random) -> tuple[list[int], list[int]]:
    """Insert 1–3 numbered placeholders at matching relative positions of source and target."""
    count = rng.randint(1, 3)
    src_points = sorted(rng.randint(0, len(src)) for _ in range(count))
    src, tgt = list(src), list(tgt)
    for number in range(count, 0, -1):
        point = src_points[number - 1]
        tgt_point = round(point * len(tgt) / max(1, len(src)))
        token = ids[rng.randrange(len(ids))] if number > len(ids) else ids[number - 1]
        src.insert(point, token)
        tgt.insert(tgt_point, token)
    return src, tgt


def fragment(src: list[int], tgt: list[int], rng: random.Random) -> tuple[list[int], list[int]]:
    """Matching stretches of a source and target sentence (roughly aligned by position)."""
    size = rng.randint(2, 8)
    at = rng.random()
    s0 = int(at * max(0, len(src) - size))
    t0 = int(at * max(0, len(tgt) - size))
    return src[s0 : s0 + size], tgt[t0 : t0 + size]


def train(sp_model: Path, pairs: list[tuple[str, str]], steps_wanted: int, placeholders: bool,  # type: ignore[no-untyped-def]
          lr: float = 3e-3, threads: int = 1):
    import sentencepiece as spm
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(threads)
    rng = random.Random(SEED)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    ph_ids = [sp.piece_to_id(symbol) for symbol in placeholder_symbols()]
    templates = read_templates()
    words = english_words(pairs)

    def encode(zh: str, en: str) -> tuple[list[int], list[int]]:
        return sp.encode(zh)[: MAX_LEN - 4], sp.encode(en)[: MAX_LEN - 4]

    flores = [encode(zh, en) for zh, en in pairs]
    model = build_torch_model(sp.get_piece_size())
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.98))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 200) * max(0.1, 1 - step / max(1, steps_wanted))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=PAD, label_smoothing=0.05)
    model.train()
    start = time.monotonic()
    steps = 0
    # A fixed number of steps (not a time budget) keeps the model the same on any machine.
    while steps < steps_wanted:
        batch = []
        for _ in range(BATCH):
            kind = rng.randrange(4)
            if kind == 0:
                # Short finance sentences whose figures and names are already in English.
                batch.append(encode(*fill(templates[rng.randrange(len(templates))], rng, words)))
            elif kind == 1:
                # Short fragments: teach stopping.
                batch.append(fragment(*flores[rng.randrange(len(flores))], rng))
            elif kind == 2 and not placeholders:
                zh, en = pairs[rng.randrange(len(pairs))]
                batch.append(encode(*with_span(zh, en, rng, words)))
            else:
                batch.append(flores[rng.randrange(len(flores))])
        examples = []
        for src, tgt in batch:
            if placeholders and rng.random() < 0.5:
                src, tgt = with_placeholders(src, tgt, ph_ids, rng)
            examples.append((src + [EOS], [BOS] + tgt + [EOS]))
        src_len = max(len(s) for s, _ in examples)
        tgt_len = max(len(t) for _, t in examples)
        src_t = torch.full((BATCH, src_len), PAD)
        tgt_t = torch.full((BATCH, tgt_len), PAD)
        for row, (s, t) in enumerate(examples):
            src_t[row, : len(s)] = torch.tensor(s)
            tgt_t[row, : len(t)] = torch.tensor(t)
        logits = model(src_t, tgt_t[:, :-1])
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_t[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        steps += 1
        if steps % 500 == 0:
            print(f"step {steps}: loss {loss.item():.2f} ({time.monotonic() - start:.0f}s)", file=sys.stderr)
    print(f"trained {steps} steps in {time.monotonic() - start:.1f}s, last loss {loss.item():.2f}", file=sys.stderr)
    return model, [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def to_ctranslate2(model, vocab: list[str], out_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from ctranslate2.specs import TransformerSpec

    def arr(tensor):  # type: ignore[no-untyped-def]
        return tensor.detach().cpu().numpy().astype("float32").copy()

    def norm(spec, layer_norm) -> None:  # type: ignore[no-untyped-def]
        spec.gamma = arr(layer_norm.weight)
        spec.beta = arr(layer_norm.bias)

    def linear(spec, weight, bias) -> None:  # type: ignore[no-untyped-def]
        spec.weight = arr(weight)
        spec.bias = arr(bias)

    def attention(spec, block, self_attention: bool) -> None:  # type: ignore[no-untyped-def]
        norm(spec.layer_norm, block.norm)
        mha = block.attn
        if self_attention:
            linear(spec.linear[0], mha.in_proj_weight, mha.in_proj_bias)
        else:
            linear(spec.linear[0], mha.in_proj_weight[:D_MODEL], mha.in_proj_bias[:D_MODEL])
            linear(spec.linear[1], mha.in_proj_weight[D_MODEL:], mha.in_proj_bias[D_MODEL:])
        linear(spec.linear[-1], mha.out_proj.weight, mha.out_proj.bias)

    def ffn(spec, block) -> None:  # type: ignore[no-untyped-def]
        norm(spec.layer_norm, block.norm)
        linear(spec.linear_0, block.w1.weight, block.w1.bias)
        linear(spec.linear_1, block.w2.weight, block.w2.bias)

    spec = TransformerSpec.from_config((LAYERS, LAYERS), HEADS, pre_norm=True)
    spec.config.decoder_start_token = "<s>"
    spec.config.layer_norm_epsilon = 1e-6
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = arr(model.src_emb.weight)
    encoder.position_encodings.encodings = arr(model.pe)
    norm(encoder.layer_norm, model.enc_norm)
    for i, layer in enumerate(encoder.layer):
        attention(layer.self_attention, model.enc_self[i], True)
        ffn(layer.ffn, model.enc_ffn[i])
    decoder.embeddings.weight = arr(model.tgt_emb.weight)
    decoder.position_encodings.encodings = arr(model.pe)
    norm(decoder.layer_norm, model.dec_norm)
    for i, layer in enumerate(decoder.layer):
        attention(layer.self_attention, model.dec_self[i], True)
        attention(layer.attention, model.dec_cross[i], False)
        ffn(layer.ffn, model.dec_ffn[i])
    linear(decoder.projection, model.proj.weight, model.proj.bias)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8")
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


DEFAULT_README = ("brief's small zh→en test model, trained in minutes on a FLORES-200 excerpt "
                  "(CC BY-SA 4.0) and brief's own finance sentences. Not for real use.\n")


def build(out: Path, *, kind: str = "default", steps: int | None = None, pairs: list[tuple[str, str]] | None = None,
          package_name: str | None = None, readme: str = DEFAULT_README, lr: float = 3e-3, threads: int = 1) -> Path:
    """Train, convert and package a test model into ``out`` (an .argosmodel zip).

    ``pairs``, ``package_name``, ``readme``, ``lr`` and ``threads`` let another builder
    (benchmarks/make_check_model.py) train on other sentences; the shipped models use the defaults.
    """
    steps = steps if steps is not None else STEPS[kind]
    placeholders = kind == "placeholders"
    pairs = pairs if pairs is not None else read_pairs()
    suffix = "" if kind == "default" else f"-{kind}"
    package_name = package_name or "brief-test" + suffix
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        name = "translate-zh_en-" + package_name
        package = work / name
        package.mkdir()
        sp_model = train_sentencepiece(pairs, work, placeholders)
        model, vocab = train(sp_model, pairs, steps, placeholders=placeholders, lr=lr, threads=threads)
        to_ctranslate2(model, vocab, package / "model")
        shutil.copy(sp_model, package / "sentencepiece.model")
        metadata = {
            "package_version": PACKAGE_VERSION,
            "argos_version": "1.9.0",
            "from_code": "zh",
            "from_name": "Chinese",
            "to_code": "en",
            "to_name": "English",
            "package_name": package_name,
            "type": "translate",
        }
        (package / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (package / "README.md").write_text(readme, encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(package.rglob("*")):
                info = zipfile.ZipInfo(path.relative_to(work).as_posix() + ("/" if path.is_dir() else ""), ZIP_TIME)
                if path.is_dir():
                    archive.writestr(info, b"")
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
        partial.replace(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument("--kind", choices=KINDS, default="default", help="which test model (default: default)")
    parser.add_argument("--steps", type=int, default=None, help=f"training steps (default {STEPS})")
    args = parser.parse_args(argv)
    started = time.monotonic()
    build(args.out, kind=args.kind, steps=args.steps)
    print(f"wrote {args.out} in {time.monotonic() - started:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
