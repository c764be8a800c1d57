"""The sacroiliac joints, the trochanteric bursa, the gluteal aponeurosis and the iliotibial tract:
where they lie relative to the scanned bones and muscles, with tolerances in mm and why.

Frame RAS (x right, y anterior, z up), mm. Meshes are read straight from the atlas folder by id,
so the checks hold whatever the annotations say.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import ConvexHull, cKDTree

from explorer.geometry.mesh_io import load_mesh

SIDES = ("left", "right")


@pytest.fixture(scope="module")
def built(atlas):
    cache = {}

    def get(mesh_id: str):
        if mesh_id not in cache:
            cache[mesh_id] = load_mesh(atlas.meshes_dir / f"{mesh_id}.vtp")
        return cache[mesh_id]

    return get


def signed_distance(points, surface):
    """Distance (mm) of points to a closed surface, negative inside it."""
    import pyvista as pv

    return np.asarray(pv.PolyData(np.asarray(points, float)).compute_implicit_distance(surface)["implicit_distance"])


def covered_cm2(muscle, sheet, within_mm):
    """Area (cm²) of a muscle's surface lying within ``within_mm`` of a sheet."""
    cells = muscle.compute_cell_sizes()
    centres = cells.cell_centers().points
    _, nearest = sheet.find_closest_cell(centres, return_closest_point=True)
    return float(cells["Area"][np.linalg.norm(nearest - centres, axis=1) < within_mm].sum() / 100.0)


def sign(side):
    return 1.0 if side == "right" else -1.0


@pytest.mark.parametrize("side", SIDES)
def test_sacroiliac_joint_lies_between_sacrum_and_ilium_over_its_whole_area(built, side):
    joint, sacrum, ilium = built(f"sacroiliac_joint_{side}"), built("sacrum"), built(f"hip_bone_{side}")
    points = np.asarray(joint.points)
    _, on_sacrum = sacrum.find_closest_cell(points, return_closest_point=True)
    _, on_ilium = ilium.find_closest_cell(points, return_closest_point=True)
    to_sacrum, to_ilium = on_sacrum - points, on_ilium - points
    # Every point of the joint has the sacrum on one side and the ilium on the other (the two
    # nearest bone points lie in opposite directions; 0.05 mm² for points on a bone face) ...
    assert np.max(np.einsum("ij,ij->i", to_sacrum, to_ilium)) < 0.05
    # ... and lies in the narrow gap between them: the joint spans the auricular gap (< 3 mm
    # where the outline is cut, smoothed over ~1 mm more) and is at least 1 mm thick, so no
    # point is farther than 4.5 mm from the two bones together. A plate straying out of the
    # joint fails. (That it shares no volume with either bone is the overlap test's.)
    assert np.max(np.linalg.norm(to_sacrum, axis=1) + np.linalg.norm(to_ilium, axis=1)) < 4.5


@pytest.mark.parametrize("side", SIDES)
def test_sacroiliac_joint_is_ear_shaped_and_of_published_size(built, body, side):
    joint = built(f"sacroiliac_joint_{side}")
    # Area of one face (the slab's two faces plus a thin wall), against the same CT study's figure
    # for the body's sex ("Auricular surface morphology and surface area does not influence
    # subchondral bone density distribution in the dysfunctional sacroiliac joint", Clin Anat 2021;
    # CT-osteoabsorptiometry of 29 patients): men 16.2 +/- 2.5 cm², women 13.7 +/- 1.6 cm². Dry
    # bones agree on the sex difference: men 11.4, women 9.9 cm² (Orthopedics 2003;26:711, 30
    # ilia). Tolerance: the CT mean +/- 3 SD.
    mean, sd = {"male": (16.2, 2.5), "female": (13.7, 1.6)}[body]
    face_cm2 = joint.area / 2 / 100
    assert mean - 3 * sd <= face_cm2 <= mean + 3 * sd
    # An ear or an L, not a plate: seen square-on, its outline has a notch (the hollow of the
    # ear) that faces backward, toward the sacral and iliac tuberosities and the interosseous
    # ligament. The notch is the largest circle inside the convex hull that misses the joint:
    # more than 4 mm in radius (a plate or an ellipse has none beyond its ragged edge), its
    # centre at least 5 mm behind the joint's centre.
    points = np.asarray(joint.points)
    middle = points.mean(axis=0)
    _, _, axes = np.linalg.svd(points - middle, full_matrices=False)
    flat = (points - middle) @ axes[:2].T
    hull = ConvexHull(flat)
    lo, hi = flat.min(axis=0), flat.max(axis=0)
    grid = np.stack(np.meshgrid(*(np.arange(a, b, 0.5) for a, b in zip(lo, hi)), indexing="ij"), axis=-1).reshape(-1, 2)
    edge = grid @ hull.equations[:, :2].T + hull.equations[:, 2]
    inside = np.all(edge <= 0, axis=1)
    depth = np.minimum(cKDTree(flat).query(grid[inside])[0], -np.max(edge[inside], axis=1))
    notch = grid[inside][np.argmax(depth)] @ axes[:2]  # back in RAS, relative to the centre
    assert depth.max() > 4.0
    assert notch[1] < -5.0, notch


@pytest.mark.parametrize("side", SIDES)
def test_trochanteric_bursa_lies_on_the_lateral_greater_trochanter(built, landmarks, side):
    bursa, femur = built(f"trochanteric_bursa_{side}"), built(f"femur_{side}")
    trochanter = landmarks[side]["greater_trochanter"]  # its most lateral point
    centre = np.asarray(bursa.points).mean(axis=0)
    # Over the lateral face of the trochanter (Pfirrmann et al. 2001, Radiology 221:469: over
    # the posterior facet and the gluteus medius insertion on the lateral facet): its centre
    # within 15 mm of the trochanter's most lateral point, and not medial to it.
    assert np.linalg.norm(centre - trochanter) < 15.0
    assert sign(side) * (centre[0] - trochanter[0]) > -2.0
    # On it, not in it: its deep face lies on the bone or on the gluteus medius and minimus
    # insertions over it (nearest 0.2-2 mm), and within 12 mm of the bone (the medius tendon,
    # ~5-8 mm thick at its insertion, may lie between).
    beneath = [femur, built(f"gluteus_medius_{side}"), built(f"gluteus_minimus_{side}")]
    nearest = np.min([np.abs(signed_distance(bursa.points, m)) for m in beneath], axis=0)
    assert 0.2 < nearest.min() < 2.0
    assert np.abs(signed_distance(bursa.points, femur)).min() < 12.0
    # A flat lens about 4-5 cm long (radiopaedia "Trochanteric bursa", after Pfirrmann 2001) and
    # a few mm thick: 35-55 mm across at its longest, mean thickness (volume / face area) < 3 mm.
    points = np.asarray(bursa.points)
    assert 35.0 <= np.max(np.linalg.norm(points[:, None] - points[None], axis=-1)) <= 55.0
    assert abs(bursa.volume) / (bursa.area / 2) < 3.0


@pytest.mark.parametrize("side", SIDES)
def test_iliotibial_tract_runs_down_the_lateral_thigh_lateral_to_the_femur(built, landmarks, side):
    tract, femur = built(f"iliotibial_tract_{side}"), built(f"femur_{side}")
    bottom = femur.bounds[4]
    # It reaches the scene's lower cut (within 5 mm of the femur's cut end) ...
    assert tract.bounds[4] < bottom + 5.0
    # ... and at every level from 60 mm below the trochanter's lateral point down to the cut it
    # lies lateral to the femur, 15-60 mm off its lateral surface: where the absent vastus
    # lateralis and intermedius would be (the build keeps 32 mm; this subject's TFL and maximus
    # end ~35 mm lateral to the cortex).
    for z in np.arange(landmarks[side]["greater_trochanter"][2] - 60.0, bottom + 10.0, -20.0):
        band = tract.slice(normal="z", origin=(0, 0, z)).points
        bone = femur.slice(normal="z", origin=(0, 0, z)).points
        assert len(band) and len(bone), z
        offset = sign(side) * band[:, 0].mean() - (sign(side) * bone[:, 0]).max()
        assert 15.0 < offset < 60.0, (z, offset)


@pytest.mark.parametrize("side", SIDES)
def test_fascial_sheets_are_thin_sheets_not_tubes(built, side):
    for name in ("iliotibial_tract", "gluteal_aponeurosis"):
        sheet = built(f"{name}_{side}")
        # 1.5-2 mm thick (the tract: 1.95 +/- 0.3 mm on ultrasound, Goh et al. 2003, J Clin
        # Ultrasound 31:239); measured as volume over one face's area, which the sloping parts
        # thin a little: 1.0-2.5 mm.
        assert 1.0 < abs(sheet.volume) / (sheet.area / 2) < 2.5, name
    # The tract in the thigh is a band, not a sleeve: below TFL, at every 20 mm, its section
    # spans less than a third of the way round the femur (a tube round the thigh spans all of
    # it), and at the lower cut it is 30-60 mm wide (the build narrows it to 45 mm).
    tract, femur = built(f"iliotibial_tract_{side}"), built(f"femur_{side}")
    for z in np.arange(built(f"tensor_fasciae_latae_{side}").bounds[4] - 10.0, femur.bounds[4] + 5.0, -20.0):
        band = tract.slice(normal="z", origin=(0, 0, z)).points[:, :2]
        axis = femur.slice(normal="z", origin=(0, 0, z)).points[:, :2].mean(axis=0)
        angle = np.degrees(np.arctan2(band[:, 1] - axis[1], sign(side) * (band[:, 0] - axis[0])))
        assert np.ptp(angle) < 120.0, z
    low = tract.slice(normal="z", origin=(0, 0, femur.bounds[4] + 5.0)).points[:, :2]
    assert 30.0 < np.max(np.linalg.norm(low[:, None] - low[None], axis=-1)) < 60.0


@pytest.mark.parametrize("side", SIDES)
def test_gluteal_aponeurosis_covers_medius_and_not_maximus_and_meets_the_tract(built, landmarks, side):
    aponeurosis = built(f"gluteal_aponeurosis_{side}")
    medius, maximus = built(f"gluteus_medius_{side}"), built(f"gluteus_maximus_{side}")
    # Over medius, not over maximus: the area of each muscle's surface lying within 3 mm beneath
    # the sheet. Medius: at least 80 cm² (its upper outer part, uncovered by any muscle);
    # maximus: at most 20 cm², the strip along its upper border where the aponeurosis attaches
    # (~1 cm along a ~15-20 cm border).
    assert covered_cm2(medius, aponeurosis, 3.0) >= 80.0
    assert covered_cm2(maximus, aponeurosis, 3.0) <= 20.0
    # From the iliac crest (its top within 15 mm of the crest's summit height) down to the
    # trochanter's tip, where the iliotibial tract continues it edge to edge.
    assert landmarks[side]["iliac_crest_summit"][2] - aponeurosis.bounds[5] < 15.0
    tract = built(f"iliotibial_tract_{side}")
    assert abs(aponeurosis.bounds[4] - tract.bounds[5]) < 1.0
    seam = cKDTree(np.asarray(tract.points)).query(np.asarray(aponeurosis.points))[0]
    assert np.count_nonzero(seam < 0.01) >= 10  # shared vertices along the seam
