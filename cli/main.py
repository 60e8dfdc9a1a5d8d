"""Entry point of the ``brief`` command.

``brief PAGE`` makes a brief; the sub-commands run single stages. Sub-command modules are
imported only when used, and heavy libraries only inside the commands, so ``brief --help``
answers at once. Errors are turned into one line on stderr and an exit code here, in one place.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from typing import Any

import click

from toolkit.errors import BriefError

# name → (module, one-line help); modules define a click command called ``command``.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "make": ("cli.make", "Make the English brief of a page (the default command)."),
    "segment": ("cli.segment", "Show the articles brief finds on a page."),
    "convert": ("cli.convert", "Convert Chinese text between Traditional and Simplified."),
    "translate": ("cli.translate", "Translate Chinese text to English, figures kept exact."),
    "summarize": ("cli.summarize", "Summarise a page's articles or a text extractively."),
    "models": ("cli.models", "List, install and remove translation models."),
    "batch": ("cli.batch", "Make briefs of many pages at once."),
    "serve": ("cli.serve", "Run the HTTP API."),
}
DEFAULT_COMMAND = "make"


class BriefGroup(click.Group):
    """A group whose commands load lazily and whose default command is ``make``.

    ``brief page.txt -o en.md`` is read as ``brief make page.txt -o en.md``.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in SUBCOMMANDS:
            return None
        module = importlib.import_module(SUBCOMMANDS[cmd_name][0])
        command: click.Command = module.command
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in SUBCOMMANDS and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_module, help_text) in SUBCOMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=BriefGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  brief page.txt -o en.md          English brief of a page, as Markdown
  brief page.txt --format json     the same as JSON (the stable contract)
  brief - < page.txt               read the page from stdin
  brief segment page.txt           what brief understood of the page
  brief translate "港股昨日反覆回升"
  brief models install --file translate-zh_en-1_9.argosmodel""",
)
@click.version_option(package_name="brief", prog_name="brief")
def group() -> None:
    """brief: offline English briefs of Chinese financial pages.

    Reads a page of Hong Kong or mainland financial press (Traditional or Simplified
    Chinese), finds its articles, figures and stock codes, summarises each article and
    translates what the brief shows into English, all on this machine.
    """


def fail(message: str, code: int) -> None:
    click.echo(f"brief: error: {message}", err=True)
    sys.exit(code)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """brief's own warnings (a skipped cache...) as one ``brief: warning:`` line; others as Python shows them."""
    if category.__module__.startswith("toolkit."):
        click.echo(f"brief: warning: {message}", err=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; never let a traceback reach the user for errors brief knows about."""
    warnings.showwarning = _show_warning
    try:
        return group.main(args=argv, prog_name="brief", standalone_mode=False)
    except BriefError as exc:
        fail(exc.message, exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        fail("aborted", 130)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except MemoryError:
        fail("out of memory; try a smaller input", 1)
    except OSError as exc:  # a system error no command turned into a BriefError: one line, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}", 1)
    return None


if __name__ == "__main__":
    main()
