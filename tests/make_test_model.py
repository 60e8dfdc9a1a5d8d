"""Build brief's small zh→en test model as a genuine ``.argosmodel`` file.

There is no pre-trained Chinese→English model on a test machine, so the tests use a tiny
Transformer trained here in seconds on the FLORES-200 excerpt shipped in ``tests/data``:
a shared SentencePiece vocabulary (with brief's placeholders as whole symbols), a 2+2-layer
pre-norm Transformer trained with torch, converted to CTranslate2 and zipped the way
argostranslate packages are. Its English is poor; it learns to copy placeholders and to
stop, which is what the tests need.

    python tests/make_test_model.py OUT.argosmodel [--bad] [--steps 400]

``--bad`` makes a model that never saw placeholders (and is barely trained), to test recovery.
"""

from __future__ import annotations

import argparse
import json
import math
import random
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

VOCAB_SIZE = 2000
D_MODEL = 96
HEADS = 4
FFN = 192
LAYERS = 2
MAX_LEN = 40
SEED = 1234
PAD, UNK, BOS, EOS = 3, 0, 1, 2
PACKAGE_VERSION = "0.1"
STEPS = 400
BAD_STEPS = 40


def read_pairs() -> list[tuple[str, str]]:
    pairs = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        zh, _, en = line.partition("\t")
        if zh and en:
            pairs.append((zh, en))
    return pairs


def train_sentencepiece(pairs: list[tuple[str, str]], work: Path) -> Path:
    import sentencepiece as spm

    corpus = work / "corpus.txt"
    lines = [zh for zh, _ in pairs] + [en for _, en in pairs]
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
        user_defined_symbols=placeholder_symbols(),
        input_sentence_size=0,
        shuffle_input_sentence=False,
        num_threads=2,
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


def train(sp_model: Path, pairs: list[tuple[str, str]], steps_wanted: int, placeholders: bool):  # type: ignore[no-untyped-def]
    import sentencepiece as spm
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    rng = random.Random(SEED)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    ph_ids = [sp.piece_to_id(symbol) for symbol in placeholder_symbols()]
    # Short pieces teach the model to stop; whole pairs are cut to MAX_LEN tokens.
    data = []
    for zh, en in pairs:
        src = sp.encode(zh)[: MAX_LEN - 4]
        tgt = sp.encode(en)[: MAX_LEN - 4]
        data.append((src, tgt))
    model = build_torch_model(sp.get_piece_size())
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3, betas=(0.9, 0.98))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=PAD, label_smoothing=0.05)
    model.train()
    start = time.monotonic()
    steps = 0
    batch_size = 32
    # A fixed number of steps (not a time budget) keeps the model the same on any machine.
    while steps < steps_wanted:
        batch = [data[rng.randrange(len(data))] for _ in range(batch_size)]
        if steps % 2:
            # Short fragments: cheap steps that teach stopping and copying placeholders.
            batch = [fragment(src, tgt, rng) for src, tgt in batch]
        examples = []
        for src, tgt in batch:
            if placeholders and rng.random() < 0.8:
                src, tgt = with_placeholders(src, tgt, ph_ids, rng)
            examples.append((src + [EOS], [BOS] + tgt + [EOS]))
        src_len = max(len(s) for s, _ in examples)
        tgt_len = max(len(t) for _, t in examples)
        src_t = torch.full((batch_size, src_len), PAD)
        tgt_t = torch.full((batch_size, tgt_len), PAD)
        for row, (s, t) in enumerate(examples):
            src_t[row, : len(s)] = torch.tensor(s)
            tgt_t[row, : len(t)] = torch.tensor(t)
        logits = model(src_t, tgt_t[:, :-1])
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_t[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        steps += 1
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
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def build(out: Path, *, bad: bool = False, steps: int | None = None) -> Path:
    """Train, convert and package the test model into ``out`` (an .argosmodel zip)."""
    steps = steps if steps is not None else (BAD_STEPS if bad else STEPS)
    pairs = read_pairs()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        name = "translate-zh_en-brief-test" + ("-bad" if bad else "")
        package = work / name
        package.mkdir()
        sp_model = train_sentencepiece(pairs, work)
        model, vocab = train(sp_model, pairs, steps, placeholders=not bad)
        to_ctranslate2(model, vocab, package / "model")
        shutil.copy(sp_model, package / "sentencepiece.model")
        metadata = {
            "package_version": PACKAGE_VERSION,
            "argos_version": "1.9.0",
            "from_code": "zh",
            "from_name": "Chinese",
            "to_code": "en",
            "to_name": "English",
            "package_name": "brief-test" + ("-bad" if bad else ""),
            "type": "translate",
        }
        (package / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (package / "README.md").write_text(
            "brief's tiny zh→en test model, trained in seconds on a FLORES-200 excerpt "
            "(CC BY-SA 4.0). Not for real use.\n",
            encoding="utf-8",
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(package.rglob("*")):
                archive.write(path, path.relative_to(work).as_posix())
        partial.replace(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument("--bad", action="store_true", help="a model that never learned placeholders")
    parser.add_argument("--steps", type=int, default=None, help=f"training steps (default {STEPS}, bad {BAD_STEPS})")
    args = parser.parse_args(argv)
    started = time.monotonic()
    build(args.out, bad=args.bad, steps=args.steps)
    print(f"wrote {args.out} in {time.monotonic() - started:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
