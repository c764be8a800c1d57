"""Lay a Handout out on A4 and write a PDF with Qt's own QPdfWriter and QTextDocument.

Qt is already a dependency and its rich-text engine flows text, headings and pictures over
pages, so no PDF library is added to the runtime. Only QtGui is used (no widgets): with no
application running, one is created on Qt's 'offscreen' platform, so the CLI needs no display.
A handout is at most two pages; when the text will not fit even with smaller pictures and type,
an error says so rather than cutting text off.

Patients' handouts are for readers who may see poorly: the body type never goes below 12 pt,
and the labels on the pictures are drawn here, once the picture's printed size is known, at
``LABEL_PT`` (a label burnt into a screenshot would shrink with the picture, to ~5 pt). A heading
never ends a page: it moves to the next page with the text it heads.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from explorer.atlas.markdown_html import markdown_to_html
from explorer.display import use_offscreen_platform
from explorer.export.handout import Figure, Handout
from explorer.render.label_layout import layout_labels

MAX_PAGES = 2
RESOLUTION_DPI = 200
MARGINS_MM = 15.0
#: (base font pt, picture height as a fraction of the text width) tried in turn until it fits.
LAYOUTS = {
    "patient": ((13.0, 0.62), (12.5, 0.5), (12.0, 0.4)),
    "student": ((11.5, 0.62), (10.5, 0.5), (9.5, 0.4)),
}
#: Printed size of the labels on a picture (pt), whatever size the picture is printed at.
LABEL_PT = 12.0
LABEL_MARGIN_PX = 12  # from the picture's edge, in printed pixels


class HandoutError(Exception):
    """A handout that cannot be made as asked (the message says what to change)."""


@dataclass(frozen=True)
class PrintedHandout:
    """How a handout was laid out: pages, base type size, and per picture the label type size in
    the picture's own pixels (LABEL_PT once printed)."""

    pages: int
    font_pt: float
    label_px: tuple[float, ...]


def write_pdf(handout: Handout, path: Path) -> PrintedHandout:
    """Write ``handout`` to ``path``; say how it was laid out."""
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
    for font_pt, picture in LAYOUTS[handout.audience]:
        doc, label_px = _document(handout, page.width(), font_pt, picture)
        doc.setPageSize(QSizeF(page.width(), page.height()))
        _keep_headings_with_their_text(doc)
        if doc.pageCount() <= MAX_PAGES:
            doc.print_(writer)
            return PrintedHandout(doc.pageCount(), font_pt, tuple(label_px))
    raise HandoutError(f"the text does not fit on {MAX_PAGES} pages: choose fewer structures or one picture")


def _keep_headings_with_their_text(doc: QTextDocument) -> None:
    """Move a heading that would end a page (its text starting on the next) to that next page.

    Qt's layout has no 'keep with next'; it pages the document as one tall column, so a block's
    page is its height in that column over the page height. A heading must share its page with
    the first two lines of what follows (all of it if shorter).
    """
    height = doc.pageSize().height()
    layout = doc.documentLayout()

    def page_of(block, line: int) -> int:
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        y = top + (lines.lineAt(line).y() + lines.lineAt(line).height() if lines.lineCount() else 0)
        return int((y - 0.5) // height)

    layout.documentSize()  # lays the whole document out (Qt lays out lazily, as far as asked)
    block = doc.begin()
    while block.isValid():
        following = block.next()
        if block.blockFormat().headingLevel() and following.isValid() and following.layout().lineCount():
            end_of_start = min(1, following.layout().lineCount() - 1)
            # From the top of the heading's block: one that straddles a page end would print a
            # sliver of itself at the foot of the page and the rest at the head of the next.
            if int(layout.blockBoundingRect(block).top() // height) != page_of(following, end_of_start):
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(fmt)
                layout.documentSize()  # what follows moved down: lay it out again
        block = following


def _document(handout: Handout, width_px: int, font_pt: float, picture: float) -> tuple[QTextDocument, list[float]]:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    font = QFont("DejaVu Sans")
    # Points at the writer's resolution: QTextDocument lays out in the device's pixels.
    font.setPixelSize(round(font_pt * RESOLUTION_DPI / 72))
    doc.setDefaultFont(font)
    pictures, label_px = [], []
    for i, figure in enumerate(handout.figures):
        name = f"figure{i}.png"
        h, w = figure.image.shape[:2]
        each = width_px / len(handout.figures) - (20 if len(handout.figures) > 1 else 0)
        scale = min(each / w, width_px * picture / h)
        label_px.append(LABEL_PT * RESOLUTION_DPI / 72 / scale)  # image pixels that print as LABEL_PT
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), _labelled(figure, label_px[-1], scale))
        pictures.append(f'<td align="center"><img src="{name}" width="{int(w * scale)}" height="{int(h * scale)}"><br>'
                        f'<span style="color:#444">{html.escape(figure.caption)}</span></td>')
    body = "".join(f"<h3>{html.escape(s.heading)}</h3>{markdown_to_html(s.markdown)}" for s in handout.sections)
    doc.setHtml(
        f"<h1>{html.escape(handout.title)}</h1><p style='color:#555'>{html.escape(handout.subtitle)}</p>"
        f"<table width='100%'><tr>{''.join(pictures)}</tr></table>{body}"
        f"<hr><p style='color:#555{'; font-size:small' if handout.audience != 'patient' else ''}'>{html.escape(handout.footer)}</p>"
    )
    return doc, label_px


def _labelled(figure: Figure, font_px: float, scale: float) -> QImage:
    """The picture with its labels drawn in, at ``font_px`` (the picture's pixels): each in a
    white box in a column at the picture's left or right edge, wrapped to the column's width,
    with a leader line to the point it names."""
    image = _qimage(figure.image)
    if not figure.labels:
        return image
    w, h = image.width(), image.height()
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(1, round(font_px)))
    metrics = QFontMetricsF(font)
    margin, pad = LABEL_MARGIN_PX / scale, font_px * 0.25
    column = w / 2 - 2 * margin - 2 * pad - font_px  # a gap between the two columns: never read as one line
    flags = Qt.TextFlag.TextWordWrap
    boxes = [metrics.boundingRect(QRectF(0, 0, column, h), flags, text) for text, _ in figure.labels]
    anchors = np.array([xy for _, xy in figure.labels], float)
    tallest = max(b.height() for b in boxes)
    places = layout_labels(anchors, w, h, spacing=tallest + 3 * pad, margin=margin + tallest / 2)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    for (text, anchor), box, (x, y) in zip(figure.labels, boxes, places):
        left = x < w / 2
        box.moveTo(margin + pad if left else w - margin - pad - box.width(), y - box.height() / 2)
        edge = QPointF(box.right() + pad if left else box.left() - pad, y)
        painter.setPen(QPen(QColor(40, 40, 40), max(1.0, font_px / 12)))
        painter.drawLine(QLineF(edge, QPointF(*anchor)))
        painter.fillRect(box.adjusted(-pad, -pad, pad, pad), QColor(255, 255, 255, 235))
        painter.setPen(QColor(15, 15, 15))
        painter.drawText(box, flags | (Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight), text)
    painter.end()
    return image


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
