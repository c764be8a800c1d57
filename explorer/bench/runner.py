"""Run the benchmark scenarios in fresh processes, repeat them, and summarise with ratios.

Each scenario (app, baseline, floor) runs in its own process so cold start and memory are
real; repeats give medians, because shared machines are noisy. Without a display, a private
Xvfb is started for the run and stopped after it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np

from explorer.display import bench_display, x11_environment

KINDS = ("floor", "baseline", "app")


def run_scenario(kind: str, frames: int, display_name: str) -> dict:
    env = dict(x11_environment(display_name), BENCH_SPAWNED_AT=repr(time.time()))
    out = subprocess.run([sys.executable, "-m", "explorer.bench.scenario", kind, str(frames)], env=env,
                         capture_output=True, text=True, timeout=600)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.removeprefix("BENCH_RESULT "))
    raise RuntimeError(f"benchmark scenario '{kind}' failed:\n{out.stderr[-2000:]}")


def run_benchmark(quick: bool = False, repeats: int | None = None, frames: int | None = None, log=print) -> dict:
    """All scenarios, ``repeats`` times each, summarised as the flat dict the README documents."""
    repeats = repeats or (1 if quick else 3)
    frames = frames or (12 if quick else 40)
    runs: dict[str, list[dict]] = {k: [] for k in KINDS}
    with bench_display() as name:
        for round_ in range(repeats):
            for kind in KINDS:
                log(f"  round {round_ + 1}/{repeats}: {kind}")
                runs[kind].append(run_scenario(kind, frames, name))
    return summarise(runs, frames, repeats)


def summarise(runs: dict[str, list[dict]], frames: int, repeats: int) -> dict:
    def pooled(kind, key):
        values = [v for run in runs[kind] for v in (run[key] if isinstance(run[key], list) else [run[key]])]
        return np.asarray(values, float)

    def med(kind, key):
        return float(np.median(pooled(kind, key)))

    def p95(kind, key):
        return float(np.percentile(pooled(kind, key), 95))

    out = {"frames": frames, "repeats": repeats, "view_px": runs["app"][0]["view_px"]}
    for prefix, kind in (("", "app"), ("baseline_", "baseline"), ("floor_", "floor")):
        out[f"{prefix}cold_start_s"] = med(kind, "cold_start_s")
        out[f"{prefix}orbit_frame_ms_median"] = med(kind, "orbit_frame_ms")
        out[f"{prefix}orbit_frame_ms_p95"] = p95(kind, "orbit_frame_ms")
        out[f"{prefix}rest_frame_ms_median"] = med(kind, "rest_frame_ms")
        out[f"{prefix}peak_rss_mb"] = med(kind, "peak_rss_mb")
        out[f"{prefix}orbit_renders_per_frame"] = med(kind, "orbit_renders_per_frame")
    for key in ("pick", "hover", "search", "planner_update", "risk_map", "risk_map_update", "landmarks"):
        out[f"{key}_ms_median"] = med("app", f"{key}_ms")
        out[f"{key}_ms_p95"] = p95("app", f"{key}_ms")
    out["baseline_pick_ms_median"] = med("baseline", "pick_ms")
    out["click_frame_ms_median"] = med("app", "click_frame_ms")
    for key in ("cold_start_s", "orbit_frame_ms_median", "rest_frame_ms_median", "peak_rss_mb"):
        out[f"{key}_vs_baseline"] = out[key] / out[f"baseline_{key}"]
        out[f"{key}_vs_floor"] = out[key] / out[f"floor_{key}"]
    out.update(_body_switch(runs["app"], out))
    return out


def _body_switch(app_runs: list[dict], out: dict) -> dict:
    """The body switch (where a second body is built): medians, as a share of the same runs' cold
    start (app and floor), and the resident memory before and after the switches."""
    times = [v for run in app_runs for v in run.get("body_switch_ms", [])]
    if not times:
        return {"body_switch_ms_median": None}
    switch_s = float(np.median(times)) / 1000.0
    return {
        "body_switch_ms_median": switch_s * 1000.0, "body_switch_ms_p95": float(np.percentile(times, 95)),
        "body_switch_vs_cold_start": switch_s / out["cold_start_s"], "body_switch_vs_floor_cold_start": switch_s / out["floor_cold_start_s"],
        "rss_before_switches_mb": float(np.median([run["rss_before_switches_mb"] for run in app_runs])),
        "rss_after_switches_mb": float(np.median([run["rss_after_switches_mb"] for run in app_runs])),
    }


def table(result: dict) -> str:
    rows = [
        ("cold start (s)", "cold_start_s"),
        ("orbit frame median (ms)", "orbit_frame_ms_median"),
        ("orbit frame p95 (ms)", "orbit_frame_ms_p95"),
        ("frame at rest (ms)", "rest_frame_ms_median"),
        ("peak memory (MB)", "peak_rss_mb"),
        ("VTK renders per orbit frame", "orbit_renders_per_frame"),
    ]
    lines = [f"{'measure':28} {'app':>9} {'baseline':>9} {'floor':>9} {'app/base':>9} {'app/floor':>9}"]
    for label, key in rows:
        base, floor = result.get(f"baseline_{key}"), result.get(f"floor_{key}")
        lines.append(f"{label:28} {result[key]:9.1f} {base:9.1f} {floor:9.1f} {result[key] / base:9.2f} {result[key] / floor:9.2f}")
    for label, key in (("click pick (ms)", "pick"), ("hover pick (ms)", "hover"), ("search (ms)", "search"),
                       ("planner update (ms)", "planner_update"), ("risk map, first (ms)", "risk_map"),
                       ("risk map, new fat (ms)", "risk_map_update"), ("show landmarks (ms)", "landmarks")):
        extra = f" {result['baseline_pick_ms_median']:9.1f}" if key == "pick" else ""
        lines.append(f"{label:28} {result[f'{key}_ms_median']:9.1f}{extra}   (p95 {result[f'{key}_ms_p95']:.1f})")
    lines.append(f"{'frame after a click (ms)':28} {result['click_frame_ms_median']:9.1f}")
    if result.get("body_switch_ms_median") is None:
        lines.append(f"{'body switch':28} (no second body built)")
    else:
        lines.append(f"{'body switch (ms)':28} {result['body_switch_ms_median']:9.1f}   (p95 {result['body_switch_ms_p95']:.1f}; "
                     f"{result['body_switch_vs_cold_start']:.2f} x cold start, {result['body_switch_vs_floor_cold_start']:.2f} x floor's)")
        lines.append(f"{'memory before/after (MB)':28} {result['rss_before_switches_mb']:9.1f} {result['rss_after_switches_mb']:9.1f}"
                     "   (resident; after switching there and back)")
    lines.append(f"view {result['view_px'][0]}x{result['view_px'][1]} px, {result['frames']} frames x {result['repeats']} runs; medians")
    return "\n".join(lines)
