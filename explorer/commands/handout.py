"""anatomy-explorer handout: a one- or two-page PDF with labelled pictures and plain texts."""

from __future__ import annotations

import sys
from pathlib import Path

from explorer.commands.render import VIEW_NAMES
from explorer.commands.body_option import add_body_argument

HELP = "make a one- or two-page PDF handout: labelled views plus the plain-language text of structures or a tour"
FIGURE_SIZE = (1200, 900)
MAX_LABELS = 6


def add_parser(sub):
    p = sub.add_parser("handout", help=HELP, description=HELP + ".")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--structures", nargs="+", metavar="ID", help="ids, paired ids (both sides) or groups to explain")
    what.add_argument("--tour", metavar="TOUR", help="a guided tour's id (see annotations/tours/)")
    p.add_argument("--view", nargs="+", choices=VIEW_NAMES, metavar="VIEW",
                   help=f"one or two views for the pictures ({', '.join(VIEW_NAMES)}); default posterior, "
                        "or for a tour its first and middle steps")
    p.add_argument("--audience", choices=("patient", "student"), default="patient",
                   help="patient: everyday names and plain texts; student: anatomical names (and a tour's professional text)")
    p.add_argument("--title", help="title at the top (default: from the structures or tour)")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    add_body_argument(p)
    return p


def run(args, atlas) -> int:
    from explorer.export.handout import Figure, Handout, footer_for, structure_sections, subtitle_for, tour_sections
    from explorer.export.pdf_handout import HandoutError, write_pdf
    from explorer.render.appearance import start_opacity
    from explorer.render.scene_render import render_figure

    if args.view and len(args.view) > 2:
        print("handout: at most two views", file=sys.stderr)
        return 2
    patient = args.audience == "patient"

    def label(sid: str) -> str:
        return atlas[sid].plain_display_name if patient else atlas[sid].display_name

    try:
        if args.tour:
            tour = _tour(atlas, args.tour)
            steps = [tour.steps[0], tour.steps[len(tour.steps) // 2]] if len(tour.steps) > 1 else [tour.steps[0]]
            if args.view:
                steps = [steps[0]] * len(args.view)
            figures = []
            for step, view in zip(steps, args.view or [s.view for s in steps]):
                marked = list(step.highlight)[:MAX_LABELS]
                image, labels = render_figure(atlas, list(step.show), marked, view, step.zoom, {sid: label(sid) for sid in marked},
                                              FIGURE_SIZE)
                figures.append(Figure(image, step.title, labels))
            sections = tour_sections(tour, "plain" if patient else "professional")
            title = args.title or tour.title
        else:
            chosen = list(dict.fromkeys(sid for sel in args.structures for sid in atlas.expand(sel)))
            shown = [s.id for s in atlas if s.mesh and start_opacity(s) > 0] + [sid for sid in chosen if atlas[sid].mesh]
            marked = [sid for sid in chosen if atlas[sid].mesh][:MAX_LABELS]
            figures = []
            for view in args.view or ["posterior"]:
                image, labels = render_figure(atlas, shown, marked, view, 1.0, {sid: label(sid) for sid in marked}, FIGURE_SIZE,
                                              fade_others=True)
                figures.append(Figure(image, f"Seen from {'behind' if view == 'posterior' else 'the ' + view}", labels))
            sections = structure_sections(atlas, chosen)
            names = list(dict.fromkeys((atlas[sid].plain_name if patient else atlas[sid].name) for sid in chosen))
            title = args.title or ", ".join(names[:3]) + (" and more" if len(names) > 3 else "")
        pages = write_pdf(Handout(title, subtitle_for(args.audience), figures, sections, footer_for(atlas.body),
                                   audience=args.audience), args.output).pages
    except (KeyError, ValueError, HandoutError) as exc:
        print(f"handout: {exc.args[0]}", file=sys.stderr)
        return 2
    print(f"wrote {args.output} ({pages} page{'s' if pages > 1 else ''})")
    return 0


def _tour(atlas, tour_id: str):
    from explorer.learning.tours import load_tours

    tours, problems = load_tours(atlas)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    for tour in tours:
        if tour.id == tour_id:
            return tour
    raise KeyError(f"no tour '{tour_id}'; available: {', '.join(t.id for t in tours) or 'none'}")
