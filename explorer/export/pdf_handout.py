"""Lay a Handout out on A4 and write a PDF with Qt's own QPdfWriter and QTextDocument.

Qt is already a dependency and its rich-text engine flows text, headings and pictures over
pages, so no PDF library is added to the runtime. Only QtGui is used (no widgets): with no
application running, one is created on Qt's 'offscreen' platform, so the CLI needs no display.
A handout is at most two pages; when the text will not fit even with smaller pictures and type,
an error says so rather than cutting text off.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from explorer.atlas.markdown_html import markdown_to_html
from explorer.display import use_offscreen_platform
from explorer.export.handout import Handout

MAX_PAGES = 2
RESOLUTION_DPI = 200
MARGINS_MM = 15.0
#: (base font pt, picture height as a fraction of the text width) tried in turn until it fits.
LAYOUTS = ((11.5, 0.62), (10.5, 0.5), (9.5, 0.4))


class HandoutError(Exception):
    """A handout that cannot be made as asked (the message says what to change)."""


def write_pdf(handout: Handout, path: Path) -> int:
    """Write ``handout`` to ``path``; return the number of pages."""
    _ensure_gui_application()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(*(MARGINS_MM,) * 4), QPageLayout.Unit.Millimeter))
    writer.setTitle(handout.title)
    writer.setCreator("Gluteal Anatomy Explorer")
    page = writer.pageLayout().paintRectPixels(RESOLUTION_DPI).size()
    for font_pt, picture in LAYOUTS:
        doc = _document(handout, page.width(), font_pt, picture)
        doc.setPageSize(QSizeF(page.width(), page.height()))
        if doc.pageCount() <= MAX_PAGES:
            doc.print_(writer)
            return doc.pageCount()
    raise HandoutError(f"the text does not fit on {MAX_PAGES} pages: choose fewer structures or one picture")


def _document(handout: Handout, width_px: int, font_pt: float, picture: float) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    font = QFont("DejaVu Sans")
    # Points at the writer's resolution: QTextDocument lays out in the device's pixels.
    font.setPixelSize(round(font_pt * RESOLUTION_DPI / 72))
    doc.setDefaultFont(font)
    pictures = []
    for i, figure in enumerate(handout.figures):
        name = f"figure{i}.png"
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), _qimage(figure.image))
        h, w = figure.image.shape[:2]
        each = width_px / len(handout.figures) - (20 if len(handout.figures) > 1 else 0)
        scale = min(each / w, width_px * picture / h)
        pictures.append(f'<td align="center"><img src="{name}" width="{int(w * scale)}" height="{int(h * scale)}"><br>'
                        f'<span style="color:#444">{html.escape(figure.caption)}</span></td>')
    body = "".join(f"<h3>{html.escape(s.heading)}</h3>{markdown_to_html(s.markdown)}" for s in handout.sections)
    doc.setHtml(
        f"<h1>{html.escape(handout.title)}</h1><p style='color:#555'>{html.escape(handout.subtitle)}</p>"
        f"<table width='100%'><tr>{''.join(pictures)}</tr></table>{body}"
        f"<hr><p style='color:#555; font-size:small'>{html.escape(handout.footer)}</p>"
    )
    return doc


def _qimage(rgb: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(rgb[:, :, :3], dtype=np.uint8)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


_application: QGuiApplication | None = None  # kept alive for the process when made here


def _ensure_gui_application() -> None:
    global _application
    if QGuiApplication.instance() is None:
        use_offscreen_platform()
        _application = QGuiApplication([])
