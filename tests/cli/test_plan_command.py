"""`anatomy-explorer plan` as a user runs it: a broken file makes the plan incomplete (exit 3),
the text reads verdict first, nearest first, in whole millimetres, with the rules' reasons."""

from __future__ import annotations

from pathlib import Path

import json
import os
import re
import shutil

from explorer.atlas.descriptors import ANNOTATIONS_DIR
from explorer.cli import main

ISSUE_CASE = ["plan", "--site", "dorsogluteal", "--side", "right", "--needle-mm", "80", "--fat-mm", "10", "--tilt-deg", "-45"]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_sciatic_annotation_of_random_bytes_makes_the_plan_incomplete_not_safe(capsys, tmp_path):
    """The reported case: with the sciatic nerve's file broken, the plan once read SAFE."""
    badann = tmp_path / "badann"
    shutil.copytree(ANNOTATIONS_DIR, badann)
    (badann / "sciatic_nerve.md").write_bytes(os.urandom(3000))
    code, out, _ = run(capsys, *ISSUE_CASE, "--json")
    intact = json.loads(out)
    assert code == 0 and intact["verdict"] in ("caution", "danger")  # (danger on the generic skin; caution on the subject's)
    code, out, err = run(capsys, "--annotations", str(badann), *ISSUE_CASE, "--json")
    plan = json.loads(out)
    assert code == 3 and plan["verdict"] == "incomplete" and list(plan)[:3] == ["verdict", "missing", "reasons"]
    assert {m["name"] for m in plan["missing"]} == {"Sciatic nerve (left)", "Sciatic nerve (right)"}
    assert all("sciatic_nerve.md" in m["problem"] for m in plan["missing"])
    assert "sciatic_nerve.md" in err  # the load problem is printed too
    code, out, _ = run(capsys, "--annotations", str(badann), *ISSUE_CASE)
    lines = out.splitlines()
    assert code == 3 and lines[1] == "VERDICT: INCOMPLETE" and lines[2].startswith("  missing: Sciatic nerve (left) - ")
    assert "SAFE" not in out.replace("INCOMPLETE", "")


def test_text_output_nearest_first_whole_mm_other_side_folded_and_the_rules_explained(capsys):
    code, out, _ = run(capsys, "plan", "--site", "ventrogluteal", "--side", "left")
    assert code == 0
    lines = out.splitlines()
    # On the scanned atlas the superior gluteal bundle runs on gluteus minimus under the site: the
    # needle stays clear of it, but its line continued to the bone does not (see meshes/README.md).
    assert lines[1] == "VERDICT: CAUTION"
    start = lines.index("nerves and vessels, nearest first (mm from the needle / from its line):")
    rows = []
    for line in lines[start + 1:]:
        if not line.startswith("  ") or line.startswith("  +"):
            break
        rows.append(line)
    needle = [int(re.search(r"needle (\d+),", row).group(1)) for row in rows]
    assert needle == sorted(needle) and all("(left)" in row for row in rows)
    # The other side's 12: sciatic, two gluteal, cutaneous, pudendal and quadratus nerves; three
    # arteries; three veins.
    assert re.search(r"^  \+ 12 on the other side, nearest \d+ mm \(--all-sides lists them\)$", out, re.M)
    # Everything the model measured is in whole mm (the first line echoes the inputs; the entry is a coordinate).
    measured = [line for line in lines[1:] if not line.startswith("entry (RAS mm)")]
    assert not re.search(r"\d\.\d+ mm", "\n".join(measured).split("thresholds")[0])
    layer_lines = [line for line in lines if re.match(r"^ +\d+- +\d+  ", line)]
    assert layer_lines and all(re.match(r"^ +\d+- +\d+  .+ \(\d+ mm\)$", line) for line in layer_lines)
    for kind in ("sciatic nerve", "gluteal nerves", "gluteal arteries", "gluteal veins", "smaller nerves and vessels below piriformis"):
        assert f"  {kind}: danger if needle within 10 mm" in out
    assert out.count("    why: ") == 5 and "    source: Mishra P, Stringer MD." in out
    code, out, _ = run(capsys, "plan", "--site", "ventrogluteal", "--side", "left", "--all-sides")
    assert "on the other side" not in out and "Sciatic nerve (right)" in out


def test_readme_documents_incomplete_and_the_exit_codes():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `plan --json`"):]
    section = section[: section.index("\n## ")]
    assert "`incomplete`" in section and "`missing`" in section
    for code in ("0", "2", "3"):
        assert re.search(rf"`{code}`", section), code
