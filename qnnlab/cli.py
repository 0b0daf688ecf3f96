"""The ``qnnlab`` command line: ``qnnlab playground`` and ``qnnlab bench run|report|reproduce``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Sub-command name -> module providing ``add_parser(subparsers)``; each sets ``func`` on its args.
_SUBCOMMANDS = {
    "playground": "qnnlab.widgets.app",
    "bench": "qnnlab.bench.cli",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered.

    Examples
    --------
    >>> args = build_parser().parse_args(["playground", "--port", "8900", "--no-browser"])
    >>> args.command, args.port
    ('playground', 8900)
    """
    parser = argparse.ArgumentParser(
        prog="qnnlab", description="Learn, explore and benchmark hybrid quantum neural networks."
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(dest="command")
    for module_name in _SUBCOMMANDS.values():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:  # a part not installed yet
            if error.name and error.name.startswith("qnnlab"):
                continue
            raise
        module.add_parser(subparsers)
    return parser


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
    parser = build_parser()
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
