"""The ``anatomy-explorer`` entry point: the window with no subcommand, the CLI otherwise.

It sits above both faces of the app, so the CLI (``explorer.cli``) stays free of Qt: it never
imports the window, and a headless install can run every subcommand. Before Qt is loaded it
checks that there is a display to open the window on (Qt would abort the process otherwise).
"""

from __future__ import annotations

import sys

from explorer import cli
from explorer.display import display_problem, no_display_message

#: Exit status when the window cannot open because there is no display.
NO_DISPLAY_EXIT = 1


def main(argv: list[str] | None = None) -> int:
    args = cli.build_parser().parse_args(argv)
    if args.command is not None or args.headless:
        return cli.main(argv)
    problem = display_problem()
    if problem:
        print(no_display_message(problem), file=sys.stderr)
        return NO_DISPLAY_EXIT
    atlas = cli.load_atlas_reporting_problems(args)
    from explorer.ui.qt_app import run_app

    return run_app(atlas)


if __name__ == "__main__":
    sys.exit(main())
