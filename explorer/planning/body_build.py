"""Subcutaneous fat over the buttock, from thin to severe obesity, as presets in mm.

Published CT and ultrasound work shows how wide the range is and why it matters: in a CT
study of 50 adults given "intramuscular" buttock injections with standard needles, most women's
injections ended in fat (Chan VO et al., RSNA 2005; Nisbet AC, BMJ 2006;332:637-8 on the
obese population), and depth grows with body-mass index (Kim H et al., Anat Cell Biol 2022;
Arch Plast Surg 2018;45:550-6 for children). The presets are illustrative steps across that
reported range for a generic adult, not values from one study; the slider covers all of it.
"""

from __future__ import annotations

FAT_RANGE_MM = (5.0, 100.0)
PRESETS_MM = {
    "thin": 8.0,
    "average (men)": 18.0,
    "average (women)": 30.0,
    "obese": 50.0,
    "severe obesity": 80.0,
}
NEEDLE_LENGTHS_MM = (16.0, 25.0, 38.0, 50.0)
SKIN_MM = 2.5
