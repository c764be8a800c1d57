"""Each body's sources are in source-meshes/ as its Subject names them, and the male's list is
what it always was: his atlas must rebuild byte for byte."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.asset_pipeline import source_meshes
from explorer.asset_pipeline.subjects import FEMALE, MALE, SUBJECTS
from explorer.atlas import descriptors


@pytest.mark.parametrize("subject", SUBJECTS.values(), ids=list(SUBJECTS))
def test_every_surface_a_subject_names_is_vendored_from_its_own_file(subject):
    files = source_meshes.andreassen_files(subject)
    assert len(files) == 39
    for key, name in files.items():
        assert name.startswith(f"{subject.andreassen_prefix}_")
        with np.load(source_meshes.SOURCE_DIR / subject.andreassen_dir / f"{key}.npz") as data:
            assert str(data["source_file"]) == name, key
    for name in subject.hra_files:
        assert (source_meshes.SOURCE_DIR / subject.hra_dir / name).is_file()


def test_what_each_dataset_lacks_is_mirrored_from_the_left():
    his, hers = source_meshes.andreassen_files(MALE), source_meshes.andreassen_files(FEMALE)
    assert "acetabular_cartilage_right" not in his and "acetabular_cartilage_right" in hers
    assert "biceps_femoris_long_head_right" in his and "biceps_femoris_long_head_right" not in hers
    # The datasets' own spellings, per subject and side.
    assert his["semitendinosus_left"] == "VHM_Left_Muscle_Semitendonosus_smooth.stl"
    assert hers["semitendinosus_right"] == "VHF_Right_Muscle_Semitendonosus_smooth.stl"
    assert his["biceps_femoris_long_head_left"] == "VHM_Left_Muscle_BicepsFemorisLongus_smooth.stl"


def test_each_body_has_its_own_meshes_folder():
    assert descriptors.body_meshes_dir("male") == descriptors.MESHES_DIR
    assert descriptors.body_meshes_dir("female") == descriptors.MESHES_DIR / "female"
    assert descriptors.body_meshes_dir("female", Path("/x")) == Path("/x/female")
    with pytest.raises(ValueError, match="unknown body 'alien'"):
        descriptors.body_meshes_dir("alien")


def test_a_male_build_leaves_the_female_atlas_inside_its_folder_alone():
    # The build removes .vtp files it no longer makes; hers live inside his folder.
    pytest.importorskip("manifold3d", reason="the asset build needs the [build] extra")
    from explorer.asset_pipeline.pipeline import _other_body

    assert _other_body(Path("female/skin.vtp"))
    assert _other_body(Path("female/variants/B/piriformis_left.vtp"))
    assert not _other_body(Path("variants/B/piriformis_left.vtp"))
    assert not _other_body(Path("skin.vtp"))
