"""Help > About: the version, what the app is for, and where its data comes from.

The data's provenance is read from the mesh folder's manifest (``explorer.atlas.provenance``),
so the box names the sources of the meshes actually shown, however many there are.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox

from explorer import __version__
from explorer.atlas.provenance import data_sources

TITLE = "About Gluteal Anatomy Explorer"


def about_html(meshes_dir) -> str:
    sources = data_sources(meshes_dir)
    items = "".join(f"<li>{_source_html(s)}</li>" for s in sources) or f"<li>not stated (no source in {escape(str(meshes_dir))})</li>"
    return f"""<h3>Gluteal Anatomy Explorer {escape(__version__)}</h3>
<p>A 3D atlas of the gluteal and pelvic region for students, clinicians and patient education.
<b>Educational material only: not medical advice and not a diagnosis.</b></p>
<p>Geometry built by this project from:</p><ul>{items}</ul>
<p>Texts written by the project. Software licensed under Apache-2.0; see NOTICE.</p>
<p>Built with Qt (PySide6, LGPL), VTK and PyVista (BSD), NumPy, trimesh (MIT).</p>"""


def _source_html(source) -> str:
    sentences = [t.strip().rstrip(".") + "." for t in (source.citation, source.licence and f"Licence {source.licence}") if t]
    text = " ".join(escape(t) for t in sentences)
    if source.link:
        text += f' <a href="{escape(source.link, quote=True)}">{escape(source.link)}</a>'
    return f"<b>{escape(source.name)}</b>: {text}"


def show_about(parent, atlas) -> None:
    QMessageBox.about(parent, TITLE, about_html(atlas.meshes_dir))
