"""Where the atlas's data comes from, as its mesh folder's manifest says (for the About box).

``manifest.json``'s ``source`` is one record or a list of them (a model, a scan collection, a
segmentation...). Each record is read for the fields people cite by (a name, a version, the
citation, the licence, a DOI or address); other keys are kept out of the About box but harm
nothing, so the build can add fields without the app changing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from explorer.atlas import descriptors

_NAME_KEYS = ("name", "title", "dataset", "package", "model")


@dataclass(frozen=True)
class DataSource:
    name: str
    citation: str | None = None
    licence: str | None = None
    link: str | None = None  # a DOI or web address


def data_sources(meshes_dir: Path | None = None) -> list[DataSource]:
    """The sources named in the mesh folder's manifest; [] when it names none or cannot be read."""
    path = Path(meshes_dir or descriptors.MESHES_DIR) / descriptors.MANIFEST_FILE
    try:
        source = json.loads(path.read_text(encoding="utf-8")).get("source")
    except (OSError, ValueError, AttributeError):
        return []
    records = source if isinstance(source, list) else [source]
    return [_read(r) for r in records if isinstance(r, dict)]


def _read(record: dict) -> DataSource:
    names = [str(record[k]) for k in _NAME_KEYS if record.get(k)]
    name = names[0] if names else "unnamed source"
    if record.get("version"):
        name += f" {record['version']}"
    if len(names) > 1 and not record.get("name") and not record.get("title"):
        name += f" ({', '.join(names[1:])})"  # e.g. a package and the model taken from it
    doi = record.get("doi")
    link = f"https://doi.org/{doi}" if doi and not str(doi).startswith("http") else doi or record.get("url")
    return DataSource(name, record.get("citation"), record.get("licence") or record.get("license"), link)
