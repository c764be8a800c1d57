"""Read the lumbar vertebrae (and the sacrum they are fitted by) out of the MyoLeg model of ``myo-sim``.

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

#: MuJoCo geom name -> atlas mesh id: the lumbar vertebrae the scans lack, and MyoLeg's sacrum,
#: by which they are placed on the scanned one.
BONE_GEOMS = {
    "sacrum_geom_1": "sacrum",
    "lumbar4_geom_1": "lumbar_vertebra_l4",
    "lumbar5_geom_1": "lumbar_vertebra_l5",
}


def mujoco_to_ras(points: np.ndarray) -> np.ndarray:
    """Convert MuJoCo world points (m; -x anterior, +y right, z up) to RAS millimetres."""
    p = np.asarray(points, dtype=float)
    return np.stack([p[..., 1], -p[..., 0], p[..., 2]], axis=-1) * 1000.0


@dataclass(frozen=True)
class MyoSource:
    """MyoLeg's bone triangle meshes, in RAS mm (MyoLeg's own origin)."""

    package_version: str
    bones: dict[str, tuple[np.ndarray, np.ndarray]]  # id -> (vertices, faces)


def load_myo_source() -> MyoSource:
    """Compile MyoLeg, pose it, and return its bones in RAS mm."""
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
    )


def _geom_mesh(mujoco, model, data, geom_name: str) -> tuple[np.ndarray, np.ndarray]:
    geom = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_GEOM, geom_name)
    mesh = model.geom_dataid[geom]
    v0, nv = model.mesh_vertadr[mesh], model.mesh_vertnum[mesh]
    f0, nf = model.mesh_faceadr[mesh], model.mesh_facenum[mesh]
    rotation = data.geom_xmat[geom].reshape(3, 3)
    world = model.mesh_vert[v0 : v0 + nv] @ rotation.T + data.geom_xpos[geom]
    return mujoco_to_ras(world), np.array(model.mesh_face[f0 : f0 + nf], dtype=np.int64)
