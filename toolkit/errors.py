"""brief's own errors.

Every error a user can act on is a ``BriefError``; its message says what went wrong and
what to do. The CLI maps ``exit_code`` to the process exit status and the API maps
``http_status`` to the response status, each in one place.
"""

from __future__ import annotations


class BriefError(Exception):
    """Base of every error brief raises on purpose."""

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(BriefError):
    """The caller asked for something that cannot be done as asked (bad option, bad value)."""

    exit_code = 2
    http_status = 422


class InputError(BriefError):
    """The input text or file cannot be used: missing, empty, binary, undecodable."""

    exit_code = 2
    http_status = 422


class LimitExceeded(BriefError):
    """The input is larger than a configured limit."""

    exit_code = 2
    http_status = 413


class ModelNotInstalled(BriefError):
    """No translation model for the requested language pair is installed."""

    exit_code = 3
    http_status = 503


class ModelError(BriefError):
    """A model file is corrupt, of the wrong language pair, or failed while running."""

    exit_code = 3
    http_status = 500


class SegmentationError(BriefError):
    """The page could not be split into articles."""

    exit_code = 1
    http_status = 422


INSTALL_MODEL_HINT = (
    "install a Chinese→English model with `brief models install zh en` (needs internet) "
    "or `brief models install --file translate-zh_en-1_9.argosmodel`"
)


class OutputError(BriefError):
    """A result could not be written: disk full, permission denied, read-only file system."""

    exit_code = 1
    http_status = 500


class NetworkError(BriefError):
    """A download was asked for and the network could not be reached (no internet, index down)."""

    exit_code = 4
    http_status = 502
