"""How each kind of tissue looks: materials by group, default visibility, camera presets.

Bone is matte ivory, muscle moist and a little glossy, fascia a glistening sheet, nerve bright
and glossy, skin a translucent veil so what lies beneath stays visible. Directions are RAS: a 'posterior' view
puts the camera behind the patient, looking forward.
"""

from __future__ import annotations

MATERIALS = {
    "bone": {"ambient": 0.15, "diffuse": 0.85, "specular": 0.15, "specular_power": 10},
    "muscle": {"ambient": 0.12, "diffuse": 0.8, "specular": 0.35, "specular_power": 25},
    "nerve": {"ambient": 0.25, "diffuse": 0.75, "specular": 0.6, "specular_power": 40},
    "vessel": {"ambient": 0.2, "diffuse": 0.75, "specular": 0.5, "specular_power": 40},
    "joint": {"ambient": 0.25, "diffuse": 0.7, "specular": 0.4, "specular_power": 30},
    "ligament": {"ambient": 0.2, "diffuse": 0.8, "specular": 0.3, "specular_power": 20},
    "fascia": {"ambient": 0.22, "diffuse": 0.72, "specular": 0.5, "specular_power": 35},
    "soft_tissue": {"ambient": 0.15, "diffuse": 0.85, "specular": 0.1, "specular_power": 8},
    "injection_site": {"ambient": 0.35, "diffuse": 0.65, "specular": 0.1, "specular_power": 8},
}

#: Opacity a structure starts with (0 hides it). Fat is hidden and skin a veil by default.
DEFAULT_OPACITY = {"skin": 0.22, "subcutaneous_fat": 0.0}
#: Opacity by group where no structure-specific value applies: injection zones let the
#: muscles beneath show through.
GROUP_OPACITY = {"injection_site": 0.7}

def start_opacity(structure) -> float:
    """Opacity a structure starts with in a new scene (0: hidden), by id, else by group."""
    return DEFAULT_OPACITY.get(structure.id, GROUP_OPACITY.get(structure.group, 1.0))


#: Opacity of a structure hidden at start once someone asks for it: the fat is a veil too.
SHOWN_OPACITY = {"subcutaneous_fat": 0.45}


def shown_opacity(structure) -> float:
    """Opacity a structure is drawn with when shown (exports): its start opacity, or for one
    hidden at start its veil."""
    return start_opacity(structure) or SHOWN_OPACITY.get(structure.id, 1.0)


#: name -> (camera direction from the focal point, view-up)
VIEWS = {
    "posterior": ((0.0, -1.0, 0.12), (0.0, 0.0, 1.0)),
    "anterior": ((0.0, 1.0, 0.12), (0.0, 0.0, 1.0)),
    "left": ((-1.0, 0.0, 0.1), (0.0, 0.0, 1.0)),
    "right": ((1.0, 0.0, 0.1), (0.0, 0.0, 1.0)),
    "superior": ((0.0, -0.05, 1.0), (0.0, 1.0, 0.0)),
    "inferior": ((0.0, -0.05, -1.0), (0.0, 1.0, 0.0)),
    "oblique": ((0.75, -1.0, 0.35), (0.0, 0.0, 1.0)),
}

#: Share of the view's width or height left free at each side when a camera preset fits the
#: visible structures to the view.
FIT_MARGIN = 0.04
#: A preset's lens (degrees, VTK's default) and the framing zooms are measured from: VTK's
#: ResetCamera (a sphere around the box) then this zoom, as presets framed before being fitted.
PRESET_VIEW_ANGLE = 30.0
SPHERE_FRAMING_ZOOM = 1.1
#: The selection: brighter (ambient), outlined, and a see-through ghost over whatever hides it.
HIGHLIGHT = {"outline_colour": "#111111", "outline_width": 4.0, "ambient": 0.45, "ghost_colour": "#ffffff", "ghost_opacity": 0.45}
BACKGROUND = ("#f7f7f5", "#dfe3e8")  # bottom, top: a quiet gradient that suits a plate
#: While the camera moves one headlight replaces PyVista's light kit (five lights cost a software
#: renderer most of a frame); this intensity keeps the picture about as bright.
MOTION_HEADLIGHT_INTENSITY = 0.75
#: While the camera moves only the skin veil's near face is drawn; this much more opacity keeps
#: it about as dense as the two faces at rest.
MOTION_VEIL_OPACITY_SCALE = 1.5
