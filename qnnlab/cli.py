"""The ``qnnlab`` command line: ``qnnlab playground``, ``qnnlab course [DIR]`` and
``qnnlab bench run|report|reproduce``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Sub-command name -> (module providing ``add_parser(subparsers)``, one-line help). Each module
#: sets ``func`` on its args; only the module of the command being run is imported.
_SUBCOMMANDS = {
    "playground": ("qnnlab.widgets.app", "serve the live Playground as a web app (Voila)"),
    "bench": ("qnnlab.bench.cli", "run, report and reproduce declarative benchmarks"),
    "course": ("qnnlab.course", "copy the course notebooks into a folder"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command``, only that sub-command's module is imported.

    Parameters
    ----------
    command : str, optional
        The sub-command about to run. The others get a stub (their name and help line), so
        that ``qnnlab playground`` starts without importing the benchmark machinery. None
        registers every sub-command in full.

    Examples
    --------
    >>> args = build_parser().parse_args(["playground", "--port", "8900", "--no-browser"])
    >>> args.command, args.port
    ('playground', 8900)
    >>> build_parser("playground").parse_args(["playground"]).command
    'playground'
    """
    parser = argparse.ArgumentParser(
        prog="qnnlab", description="Learn, explore and benchmark hybrid quantum neural networks."
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(dest="command")
    for name, (module_name, help_line) in _SUBCOMMANDS.items():
        if command is not None and name != command:
            subparsers.add_parser(name, help=help_line)
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:  # a part not installed yet
            if error.name and error.name.startswith("qnnlab"):
                continue
            raise
        module.add_parser(subparsers)
    return parser


def _command_in(argv: Sequence[str]) -> str:
    """The sub-command named in ``argv`` ("" if none): the first argument not an option."""
    first = next((arg for arg in argv if not arg.startswith("-")), "")
    return first if first in _SUBCOMMANDS else ""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``qnnlab`` console script.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``qnnlab``; None reads them from ``sys.argv``.

    Returns
    -------
    int
        The exit status: 0 on success, 2 for a usage error or bad input.

    Examples
    --------
    Bad input ends with a message on stderr (``qnnlab: error: --port must be between 1 and
    65535; got 70000``) and exit status 2, not a traceback:

    >>> main(["playground", "--port", "70000"])
    2
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(argv))
    args = parser.parse_args(argv)
    if args.version:
        from qnnlab import __version__

        print(__version__)
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (ValueError, FileNotFoundError) as error:
        print(f"qnnlab: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
