"""The two bodies the build can make: the Visible Human Male and Female, each described once.

Every step of the pipeline is shared; what differs between the two subjects is written here:
their source files (and the datasets' own spellings, which differ per subject), the frame of
their Andreassen surfaces, what each dataset lacks (derived by mirroring the other side), where
their atlas is written, and the sources the manifest credits. A step whose number is
sex-specific takes it from here, with the reason beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ANDREASSEN_CITATION = (
    "Andreassen TE, Hume DR, Hamilton LD, Walker KE, Higinbotham SE, Shelburne KB. Three-dimensional "
    "lower extremity musculoskeletal geometry of the Visible Human Female and Male. Sci Data. 2023;10:34. "
    "doi:10.1038/s41597-022-01905-2"
)
HRA_CITATION = (
    "HuBMAP Consortium. Human Reference Atlas 3D Reference Object Library "
    "(hubmapconsortium/ccf-3d-reference-object-library), made from the NLM Visible Human Project."
)
MYOLEG_SOURCE = {
    "name": "myo-sim MyoLeg model",
    "files": "PyPI package myo-sim",
    "used_for": "fourth and fifth lumbar vertebrae",
    "licence": "Apache-2.0",
    "citation": "Rajagopal A, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL. Full-body musculoskeletal "
    "model for muscle-driven simulation of human gait. IEEE Trans Biomed Eng. 2016;63(10):2068-79.",
}


@dataclass(frozen=True)
class Subject:
    """One Visible Human subject as the build reads it."""

    key: str  # "male" / "female": the ``--body`` choice
    description: str  # the manifest's "subject"
    andreassen_prefix: str  # "VHM": the raw folder and every STL name start with it
    hra_prefix: str  # "VH_M": every HRA file and node name starts with it
    #: Andreassen axes -> RAS (3x3): the two subjects' cryosection volumes differ.
    andreassen_axes: np.ndarray
    #: Muscle stems this subject's files spell differently from ``source_meshes.ANDREASSEN_MUSCLES``.
    spellings: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Right-side structures the dataset lacks for this subject; each is the left one mirrored
    #: onto this subject's right bones (``hip_joint.mirrored_onto``).
    mirrored_right: tuple[str, ...] = ()
    #: Whether the bony pelvis's convex hull joins the body's envelope for the nerve routes
    #: (``deep_bundles.route_bundles``). The envelope is a 12 mm closing of every structure; in
    #: his narrower pelvis it takes in the pelvic face of piriformis, where the sacral plexus lies.
    #: In hers, wider, that face lies open to the empty pelvic cavity and the sciatic nerve's
    #: first waypoint had no free space within 25 mm.
    pelvis_in_envelope: bool = False
    #: Options of this subject's skin fit (``skin_fit.fit_skin``), where its defaults do not suit.
    skin_fit: dict = field(default_factory=dict)

    @property
    def andreassen_dir(self) -> str:
        return f"andreassen-2022-{self.andreassen_prefix.lower()}"

    @property
    def hra_dir(self) -> str:
        return f"hra-{self.andreassen_prefix.lower()}"

    @property
    def hra_files(self) -> tuple[str, ...]:
        p = self.hra_prefix
        return (f"{p}_Pelvis.glb", f"{p}_Knee_L.glb", f"{p}_Knee_R.glb", f"{p}_Skin.glb", "LICENSE")

    @property
    def sources(self) -> list[dict]:
        """The sources the manifest credits, with licence and citation."""
        sex = self.description.split(" (")[0]
        return [
            {
                "name": f"Andreassen et al. 2023, {sex} lower-extremity geometry",
                "files": f"source-meshes/{self.andreassen_dir}/",
                "used_for": "muscles, sacrum, coccyx, hip and knee cartilage",
                "licence": "CC BY 4.0",
                "citation": ANDREASSEN_CITATION,
            },
            {
                "name": f"Human Reference Atlas 3D reference objects ({self.hra_prefix} pelvis, knees and skin)",
                "files": f"source-meshes/{self.hra_dir}/",
                "used_for": "hip bones, femora, skin",
                "licence": "CC BY 4.0",
                "citation": HRA_CITATION,
            },
            MYOLEG_SOURCE,
        ]


MALE = Subject(
    key="male",
    description="Visible Human Male (US National Library of Medicine)",
    andreassen_prefix="VHM",
    hra_prefix="VH_M",
    # x toward the subject's left, y anterior, z inferior.
    andreassen_axes=np.diag([-1.0, 1.0, -1.0]),
    spellings={
        "biceps_femoris_long_head": {"left": "BicepsFemorisLongus", "right": "BicepsFemorisLong"},
        "semitendinosus": {"left": "Semitendonosus", "right": "Semitendinosus"},
    },
    mirrored_right=("acetabular_cartilage",),
)
FEMALE = Subject(
    key="female",
    description="Visible Human Female (US National Library of Medicine)",
    andreassen_prefix="VHF",
    hra_prefix="VH_F",
    # Already RAS: x toward the subject's right, y anterior, z superior (read from the files:
    # the left femoral head at the smaller x, the distal femur below the sacrum).
    andreassen_axes=np.eye(3),
    spellings={
        "biceps_femoris_long_head": {"left": "BicepsFemorisLong"},
        "semitendinosus": {"left": "Semitendinosus", "right": "Semitendonosus"},
    },
    # Her right biceps femoris (long head) is not in the dataset.
    mirrored_right=("biceps_femoris_long_head",),
    pelvis_in_envelope=True,
    # Her natal cleft is deep and narrow. At the default weight the fit leaves her sacrum and
    # coccyx 4-5 mm outside the cleft's skin, and the easing, which pushes each skin point along
    # its normal (sideways, on a cleft wall), ran away there (155 mm, a fold through the left
    # buttock). Weighting containment 10 times: eased at most 28 mm (at the thigh's cut), scale
    # 0.955 (her pelvis 0.933), landmark depth RMS 10 mm.
    skin_fit={"containment_weight": 10.0},
)
SUBJECTS = {s.key: s for s in (MALE, FEMALE)}
