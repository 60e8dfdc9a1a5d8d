"""One options object for a brief: arguments over ``BRIEF_*`` environment over defaults.

The CLI and the API build a ``BriefOptions`` once (``BriefOptions.from_env(**overrides)``)
and pass it down; stages never read the environment themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from toolkit.errors import UsageError

SUMMARY_ALGORITHMS = ("brief", "lexrank", "textrank", "lsa", "luhn", "edmundson")
SCRIPTS = ("hant", "hans")


def default_cache_path() -> Path:
    """Where the translation cache lives unless told otherwise (XDG cache directory)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brief" / "translations.sqlite3"


@dataclass(slots=True, frozen=True)
class BriefOptions:
    """Everything that changes how a brief is made. Validated once, in ``__post_init__``."""

    opencc_config: str = "hk2s"
    summary_sentences: int = 3
    summary_ratio: float | None = None
    summary_algorithm: str = "brief"
    translate: bool = True
    full: bool = False
    bilingual: bool = False
    # Markdown/HTML show the first KEY_FIGURES_SHOWN key figures of an article unless this is set.
    all_figures: bool = False
    script: str = "hant"
    models_dir: Path | None = None
    use_cache: bool = False
    cache_path: Path = field(default_factory=default_cache_path)
    glossary_path: Path | None = None
    beam_size: int = 2
    threads: int = 0
    model: str | None = None
    confidence_threshold: float = 0.3
    max_input_bytes: int = 8 * 1024 * 1024
    terms: str = "hk"

    def __post_init__(self) -> None:
        from toolkit.conversion import CONFIGS, MAINLAND_CONFIG, config_for_terms

        if self.opencc_config == MAINLAND_CONFIG:  # the configuration says which terms
            object.__setattr__(self, "terms", "mainland")
        elif self.opencc_config in CONFIGS:  # terms="mainland": Simplified text in mainland words
            object.__setattr__(self, "opencc_config", config_for_terms(self.opencc_config, self.terms))
        if self.opencc_config not in CONFIGS:
            raise UsageError(
                f"unknown OpenCC configuration {self.opencc_config!r}; choose one of {', '.join(CONFIGS)}"
            )
        if self.summary_algorithm not in SUMMARY_ALGORITHMS:
            raise UsageError(
                f"unknown summary algorithm {self.summary_algorithm!r}; "
                f"choose one of {', '.join(SUMMARY_ALGORITHMS)}"
            )
        if self.summary_sentences < 1:
            raise UsageError("the summary needs at least 1 sentence")
        if self.summary_ratio is not None and not 0 < self.summary_ratio <= 1:
            raise UsageError("the summary ratio must be in (0, 1]")
        if self.script not in SCRIPTS:
            raise UsageError(f"unknown script {self.script!r}; choose hant or hans")
        if self.beam_size < 1:
            raise UsageError("beam size must be at least 1")
        if not 0 <= self.confidence_threshold <= 1:
            raise UsageError("the confidence threshold must be in [0, 1] (0 marks nothing)")
        if self.max_input_bytes < 1:
            raise UsageError("BRIEF_MAX_INPUT_BYTES must be at least 1")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> BriefOptions:
        """Build options from ``BRIEF_*`` variables, then apply non-None ``overrides``."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"BRIEF_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f.name, raw, f.type)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_changes(self, **changes: Any) -> BriefOptions:
        """A copy with some options changed (validated again)."""
        return replace(self, **changes)


def _parse(name: str, raw: str, type_name: Any) -> Any:
    kind = str(type_name)
    try:
        if kind.startswith("bool"):
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
        if "Path" in kind:
            return Path(raw).expanduser()
    except ValueError:
        raise UsageError(f"BRIEF_{name.upper()}={raw!r} is not a valid value") from None
    return raw
