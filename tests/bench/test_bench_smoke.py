"""The benchmark runs end to end for one short iteration (so it cannot rot). No time is
asserted: figures only have meaning as ratios, measured by `anatomy-explorer bench`."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.gui

KEYS = ["orbit_frame_ms_median", "orbit_frame_ms_p95", "baseline_orbit_frame_ms_median", "rest_frame_ms_median",
        "pick_ms_median", "hover_ms_median", "search_ms_median", "planner_update_ms_median", "risk_map_ms_median",
        "risk_map_update_ms_median", "landmarks_ms_median", "cold_start_s",
        "baseline_cold_start_s", "floor_cold_start_s", "peak_rss_mb", "floor_peak_rss_mb"]


def test_bench_command_writes_every_documented_key(tmp_path, capsys):
    from explorer.cli import main

    out = tmp_path / "bench.json"
    assert main(["bench", "--repeats", "1", "--frames", "2", "--json", "-o", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    written = json.loads(out.read_text())
    assert printed == written
    for key in KEYS:
        assert isinstance(written[key], float) and written[key] > 0, key
    assert written["view_px"] == [1280, 800]
    from tests.conftest import built_bodies

    if "female" in built_bodies():  # the switch is measured where there is a second body
        for key in ("body_switch_ms_median", "body_switch_vs_cold_start", "body_switch_vs_floor_cold_start",
                    "rss_before_switches_mb", "rss_after_switches_mb"):
            assert isinstance(written[key], float) and written[key] > 0, key
    else:
        assert written["body_switch_ms_median"] is None
