"""anatomy-explorer install-desktop [--uninstall]: the desktop menu entry and icon (Linux)."""

from __future__ import annotations

HELP = "add the app to the desktop menu (a Linux desktop entry and icon in your XDG data folder); --uninstall removes them"


def add_parser(sub):
    p = sub.add_parser("install-desktop", help=HELP, description=HELP + ".")
    p.add_argument("--uninstall", action="store_true", help="remove the entry and the icon again")
    return p


def run(args, atlas=None) -> int:
    from explorer.desktop_entry import data_home, install, launch_command, uninstall

    home = data_home()
    if args.uninstall:
        removed = uninstall(home)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print(f"nothing to remove: no desktop entry under {home}")
        return 0
    for path in install(home):
        print(f"wrote {path}")
    print(f"The menu entry starts: {' '.join(launch_command())}")
    return 0
