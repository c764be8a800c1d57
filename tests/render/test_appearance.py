"""Every group a structure with a mesh can belong to is drawn with its own material and cut
with its own cap: a group added to the schema (such as fascia) without them would be drawn
with VTK's defaults and capped in arbitrary order."""

from __future__ import annotations

from explorer.atlas.structure import GROUPS
from explorer.render.appearance import MATERIALS
from explorer.render.section_caps import CAP_ORDER

#: Groups without a closed mesh: regions have no mesh, injection zones are open patches.
NOT_SOLID = {"region", "injection_site"}


def test_every_group_has_a_material():
    assert set(GROUPS) - {"region"} <= set(MATERIALS)


def test_every_solid_group_has_a_place_in_the_cap_order():
    assert set(GROUPS) - NOT_SOLID <= set(CAP_ORDER)
