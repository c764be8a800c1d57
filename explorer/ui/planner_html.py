"""The planner panel's text: a Plan as HTML, in the order it is read.

What is missing and why the verdict is what it is come first; then where the needle enters, the
layer table (down to the tip and through the target muscle), the nerves and arteries nearest
first (the other side folded away behind a link), and the rules with their reasoning. Every
length is a whole millimetre, as the plan gives it. Pure string building, no Qt.
"""

from __future__ import annotations

import html

#: Links in the text that the panel handles itself.
OTHER_SIDE_LINK = "#other-side"
WHY_LINK = "#why-thresholds"
LEVEL_WORDS = {"danger": "DANGER ✖", "caution": "caution ⚠", "clear": "clear"}


def plan_html(plan, other_side_open: bool = False, reasoning_open: bool = False) -> str:
    e = html.escape
    parts = []
    if plan.missing:
        items = "".join(f"<li><b>{e(m['name'])}</b>: {e(m['problem'])}</li>" for m in plan.missing)
        parts.append(f"<p style='color:#8b1a10'><b>Missing from the model:</b></p><ul>{items}</ul>")
    parts.append("<p><b>Why:</b></p><ul>" + "".join(f"<li>{e(r)}</li>" for r in plan.reasons) + "</ul>")
    parts.append(f"<p><b>Entry:</b> {e(plan.entry_label)}; needle {plan.needle_mm:g} mm, fat {plan.fat_mm:g} mm, "
                 f"tilt {plan.tilt_deg:g}°</p>")
    if plan.entry_mm is not None:
        parts += [_depth(plan), _layers(plan), _hazards(plan, other_side_open)]
    parts.append(_thresholds(plan, reasoning_open))
    parts.append(f"<p><small>Not modelled: {e(', '.join(plan.not_modelled))}.</small></p><p><i>{e(plan.note)}</i></p>")
    return "".join(parts)


def _depth(plan) -> str:
    muscle = next((row["name"] for row in plan.layers if row["kind"] == "muscle"), None)
    if muscle is None:
        depth = "no muscle on the needle's line"
    else:
        depth = f"{plan.depth_to_muscle_mm} mm ({html.escape(muscle)}, {plan.muscle_thickness_mm} mm thick)"
    reached = "yes" if plan.reaches_muscle else "no"
    return (f"<p><b>Depth to muscle:</b> {depth}<br><b>Needle {plan.needle_mm:g} mm reaches muscle:</b> {reached}; "
            f"tip in {html.escape(plan.tip_in)}</p>")


def _layers(plan) -> str:
    rows = "".join(
        f"<tr><td>{row['start_mm']}–{row['end_mm']}</td><td>{html.escape(row['name'])}</td>"
        f"<td align=right>{row['thickness_mm']}</td></tr>"
        for row in plan.shown_layers()
    )
    return ("<p><b>Layers along the needle</b> (mm from the skin):</p>"
            f"<table cellpadding=2><tr><th>mm</th><th>layer</th><th>thick</th></tr>{rows}</table>")


def _hazards(plan, other_side_open: bool) -> str:
    shown, folded = plan.nearest(all_sides=other_side_open)
    rows = "".join(
        f"<tr><td>{html.escape(d['name'])}</td><td align=right>{d['needle_mm']}</td><td align=right>{d['axis_mm']}</td>"
        f"<td align=right>{d['beyond_tip_mm'] or ''}</td><td>{LEVEL_WORDS[d['level']]}</td></tr>"
        for _sid, d in shown
    )
    text = ("<p><b>Nerves and arteries, nearest first</b> (mm):</p><table cellpadding=2><tr><th>structure</th>"
            f"<th>needle</th><th>line</th><th>past tip</th><th></th></tr>{rows}</table>")
    if folded:
        text += (f"<p>+ {len(folded)} on the other side, nearest {folded[0][1]['needle_mm']} mm — "
                 f"<a href='{OTHER_SIDE_LINK}'>show</a></p>")
    elif other_side_open:
        text += f"<p><a href='{OTHER_SIDE_LINK}'>fold the other side away</a></p>"
    return text


def _thresholds(plan, reasoning_open: bool) -> str:
    rules = "".join(f"<li>{html.escape(rule['summary'])}</li>" for rule in plan.thresholds)
    text = (f"<p><small><b>Thresholds</b> (distances rounded to whole mm; within includes the limit):</small></p>"
            f"<ul><small>{rules}</small></ul>")
    if not reasoning_open:
        return text + f"<p><small><a href='{WHY_LINK}'>why these numbers, and sources</a></small></p>"
    for rule in plan.thresholds:
        sources = "".join(f"<br>— {html.escape(source)}" for source in rule["sources"])
        text += f"<p><small><b>{html.escape(rule['kind'])}:</b> {html.escape(rule['reasoning'])}{sources}</small></p>"
    return text + f"<p><small><a href='{WHY_LINK}'>hide the reasoning</a></small></p>"
