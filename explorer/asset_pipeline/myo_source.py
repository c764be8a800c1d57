"""Read bone meshes and muscle paths out of the MyoLeg model shipped by ``myo-sim``.

The model is compiled once and posed at its default (standing) configuration with one
``mj_forward``. MuJoCo's world frame for this model has z up, -x anterior and +y to the
patient's right (checked on a render: the lumbar spine lies at +x, the right femur at +y, the
toes at -x). The atlas frame is RAS in millimetres, so ``RAS = (y, -x, z) * 1000``.

Everything here is build-time only: the app never imports MuJoCo.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from importlib.metadata import version

import numpy as np

MODEL_NAME = "myolegs_abdomen"

#: MuJoCo geom name -> atlas mesh id, for the bones of the region.
BONE_GEOMS = {
    "pelvis_r": "hip_bone_right",
    "pelvis_l": "hip_bone_left",
    "sacrum_geom_1": "sacrum",
    "lumbar4_geom_1": "lumbar_vertebra_l4",
    "lumbar5_geom_1": "lumbar_vertebra_l5",
    "femur_r": "femur_right",
    "femur_l": "femur_left",
}

#: Model tendon prefixes for the muscles the atlas builds, per muscle id.
MUSCLE_TENDONS = {
    "gluteus_maximus": ("glmax1", "glmax2", "glmax3"),
    "gluteus_medius": ("glmed1", "glmed2", "glmed3"),
    "gluteus_minimus": ("glmin1", "glmin2", "glmin3"),
    "piriformis": ("piri",),
    "tensor_fasciae_latae": ("tfl",),
}


def mujoco_to_ras(points: np.ndarray) -> np.ndarray:
    """Convert MuJoCo world points (m; -x anterior, +y right, z up) to RAS millimetres."""
    p = np.asarray(points, dtype=float)
    return np.stack([p[..., 1], -p[..., 0], p[..., 2]], axis=-1) * 1000.0


@dataclass(frozen=True)
class FibrePath:
    """One muscle line of action: site points from origin (on the pelvis) to insertion."""

    name: str
    points: np.ndarray  # (n, 3) RAS mm
    bodies: tuple[str, ...]  # MuJoCo body of each point


@dataclass(frozen=True)
class MyoSource:
    """Raw material for the atlas: bone triangle meshes and fibre paths, in RAS mm."""

    package_version: str
    bones: dict[str, tuple[np.ndarray, np.ndarray]]  # id -> (vertices, faces)
    fibres: dict[str, list[FibrePath]]  # "<muscle>_<side>" -> paths
    hip_centres: dict[str, np.ndarray]  # side -> femoral head centre (RAS mm)


def load_myo_source() -> MyoSource:
    """Compile MyoLeg, pose it, and return its bones and gluteal fibre paths in RAS mm."""
    import mujoco
    from myo_sim.build.compose import build_spec

    with warnings.catch_warnings():
        # myo-sim warns about attaching a spec with an empty prefix; harmless for reading.
        warnings.simplefilter("ignore", UserWarning)
        model = build_spec(MODEL_NAME).compile()
    data = mujoco.MjData(model)
    mujoco.mj_forward(model, data)
    return MyoSource(
        package_version=version("myo-sim"),
        bones={mesh_id: _geom_mesh(mujoco, model, data, geom) for geom, mesh_id in BONE_GEOMS.items()},
        fibres=_fibre_paths(mujoco, model, data),
        hip_centres={
            side: mujoco_to_ras(data.xpos[mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, f"femur_{s}")])
            for side, s in (("right", "r"), ("left", "l"))
        },
    )


def _geom_mesh(mujoco, model, data, geom_name: str) -> tuple[np.ndarray, np.ndarray]:
    geom = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_GEOM, geom_name)
    mesh = model.geom_dataid[geom]
    v0, nv = model.mesh_vertadr[mesh], model.mesh_vertnum[mesh]
    f0, nf = model.mesh_faceadr[mesh], model.mesh_facenum[mesh]
    rotation = data.geom_xmat[geom].reshape(3, 3)
    world = model.mesh_vert[v0 : v0 + nv] @ rotation.T + data.geom_xpos[geom]
    return mujoco_to_ras(world), np.array(model.mesh_face[f0 : f0 + nf], dtype=np.int64)


def _fibre_paths(mujoco, model, data) -> dict[str, list[FibrePath]]:
    name_of = {
        mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_TENDON, t): t for t in range(model.ntendon)
    }
    paths: dict[str, list[FibrePath]] = {}
    for muscle, prefixes in MUSCLE_TENDONS.items():
        for side, s in (("right", "r"), ("left", "l")):
            found = []
            for prefix in prefixes:
                t = name_of[f"{prefix}_{s}_tendon"]
                points, bodies = [], []
                for w in range(model.tendon_adr[t], model.tendon_adr[t] + model.tendon_num[t]):
                    if model.wrap_type[w] == mujoco.mjtWrap.mjWRAP_SITE:
                        site = model.wrap_objid[w]
                        points.append(mujoco_to_ras(data.site_xpos[site]))
                        body = model.site_bodyid[site]
                        bodies.append(mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_BODY, body))
                found.append(FibrePath(prefix, np.array(points), tuple(bodies)))
            paths[f"{muscle}_{side}"] = found
    return paths
