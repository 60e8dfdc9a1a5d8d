"""Lay brief's test model out the way CTranslate2 converters do, for the bring-your-own-model tests.

The weights are the project's own tiny test model (``tests/make_test_model.py``: trained here,
nothing downloaded); only the files around them change, so each layout is made in well under
a second from the ``.argosmodel`` the tests build anyway:

- ``sentencepiece``: ``model.bin``, ``config.json``, ``shared_vocabulary.json`` and one shared
  ``sentencepiece.model`` (OpenNMT-style output).
- ``marian``: as ``ct2-transformers-converter`` writes an OPUS-MT model (here with separate
  ``source_vocabulary.json`` / ``target_vocabulary.json``), plus ``source.spm`` and
  ``target.spm`` as copied from the Hugging Face repository.
- ``nllb``: ``sentencepiece.bpe.model`` and language tokens ``zho_Hans`` and ``eng_Latn`` in the
  vocabulary. The test model has no such tokens, so two byte-fallback pieces it never meets
  are renamed: the model then reads an unseen token first and is forced to emit another,
  which tests the tokenization an NLLB model needs (its English is no better for it).
- ``m2m100``: the same with M2M-100's ``__zh__`` and ``__en__``.

    python tests/make_layout_models.py MODEL.argosmodel OUT_DIR
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

LAYOUTS = ("sentencepiece", "marian", "nllb", "m2m100")
# Byte-fallback pieces of the test vocabulary that stand in for the language tokens.
LANGUAGE_STAND_INS = {
    "nllb": {"<0x01>": "zho_Hans", "<0x02>": "eng_Latn"},
    "m2m100": {"<0x01>": "__zh__", "<0x02>": "__en__"},
}


def _unpack(model_file: Path, work: Path) -> tuple[Path, Path]:
    with zipfile.ZipFile(model_file) as archive:
        archive.extractall(work)
    [package] = [p for p in work.iterdir() if p.is_dir()]
    return package / "model", package / "sentencepiece.model"


def _weights(model: Path, out: Path) -> list[str]:
    out.mkdir(parents=True)
    for name in ("model.bin", "config.json"):
        shutil.copy(model / name, out / name)
    return list(json.loads((model / "shared_vocabulary.json").read_text(encoding="utf-8")))


def _write_vocabulary(path: Path, tokens: list[str]) -> None:
    path.write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")


def build_layout(kind: str, model: Path, spm: Path, out: Path) -> Path:
    """One layout of the unpacked test model in ``out``."""
    vocabulary = _weights(model, out)
    if kind == "sentencepiece":
        _write_vocabulary(out / "shared_vocabulary.json", vocabulary)
        shutil.copy(spm, out / "sentencepiece.model")
    elif kind == "marian":
        _write_vocabulary(out / "source_vocabulary.json", vocabulary)
        _write_vocabulary(out / "target_vocabulary.json", vocabulary)
        shutil.copy(spm, out / "source.spm")
        shutil.copy(spm, out / "target.spm")
    elif kind in LANGUAGE_STAND_INS:
        stand_ins = LANGUAGE_STAND_INS[kind]
        missing = set(stand_ins) - set(vocabulary)
        if missing:
            raise ValueError(f"the test vocabulary lacks {sorted(missing)}")
        _write_vocabulary(out / "shared_vocabulary.json", [stand_ins.get(t, t) for t in vocabulary])
        shutil.copy(spm, out / "sentencepiece.bpe.model")
    else:
        raise ValueError(f"unknown layout {kind!r}; one of {', '.join(LAYOUTS)}")
    return out


def build_layouts(model_file: Path, out_dir: Path) -> dict[str, Path]:
    """Every layout of the test model ``model_file`` (an .argosmodel) under ``out_dir``/<layout>."""
    with tempfile.TemporaryDirectory() as tmp:
        model, spm = _unpack(model_file, Path(tmp))
        return {kind: build_layout(kind, model, spm, out_dir / kind) for kind in LAYOUTS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path, help="the test model (.argosmodel from make_test_model.py)")
    parser.add_argument("out", type=Path, help="folder to write one sub-folder per layout into (must not exist)")
    args = parser.parse_args(argv)
    for kind, path in build_layouts(args.model, args.out).items():
        print(f"{kind}\t{path}", file=sys.stderr)


if __name__ == "__main__":
    main()
