"""--sciatic-variant: the Beaton and Anson type that the geometry commands read (render, plan, export).

Which types a mesh folder holds is known only once the atlas is loaded, so the value is checked
then (``with_sciatic_variant``), not by argparse; the message names the bad value and the types
there are, and the command exits 2 as for any usage error.
"""

from __future__ import annotations

import sys


def add_variant_argument(parser) -> None:
    """--sciatic-variant for the commands that read geometry (render, plan, export)."""
    from explorer.atlas.sciatic_variants import DEFAULT_VARIANT, VARIANTS

    # argparse %-formats help texts: the labels' prevalences ("%") must be escaped.
    types = "; ".join(f"{v.key} = {v.label}" for v in VARIANTS.values()).replace("%", "%%")
    parser.add_argument("--sciatic-variant", metavar="TYPE",
                        help=f"sciatic nerve-piriformis variant (Beaton and Anson) to use: {types} (default {DEFAULT_VARIANT})")


def with_sciatic_variant(atlas, key: str):
    """The atlas showing variant ``key``; a type it cannot show stops the command (exit 2)."""
    from explorer.atlas.sciatic_variants import VariantError

    try:
        return atlas.with_variant(key)
    except VariantError as exc:
        print(f"error: --sciatic-variant: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
