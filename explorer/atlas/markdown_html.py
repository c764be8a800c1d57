"""Annotation Markdown to safe HTML for the information panel.

CommonMark via markdown-it-py with raw HTML switched off (``<script>`` in a file shows as
text); images are dropped so nothing is ever loaded from the network, and only http(s) and
the app's own ``structure:`` links stay clickable.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_SAFE_SCHEMES = ("http://", "https://", "structure:")


def _validate_link(url: str) -> bool:
    return url.lower().startswith(_SAFE_SCHEMES)


_md.validateLink = _validate_link


@lru_cache(maxsize=512)
def markdown_to_html(text: str) -> str:
    """Render trusted-format, untrusted-content Markdown to HTML safe to show in Qt.

    Cached: the panel shows the same few texts again and again as the selection changes.
    """
    return _md.render(text)
