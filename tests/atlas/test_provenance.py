"""The data's provenance as the About box reads it: one source or a list, whatever other keys."""

from __future__ import annotations

import json

from explorer.atlas.provenance import DataSource, data_sources


def test_the_shipped_manifest_names_its_source_with_citation_and_licence():
    sources = data_sources()
    assert sources and all(s.name and s.citation and s.licence for s in sources)


def test_a_list_of_sources_is_read_whole(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"files": {}, "source": [
        {"name": "Visible Human Male", "citation": "Spitzer V et al. 1996.", "licence": "CC BY 4.0", "doi": "10.1/vhm", "frame": "LPS"},
        {"package": "some-model", "version": "1.2", "model": "legs", "license": "MIT", "url": "https://example.org/m"},
    ]}), encoding="utf-8")
    assert data_sources(tmp_path) == [
        DataSource("Visible Human Male", "Spitzer V et al. 1996.", "CC BY 4.0", "https://doi.org/10.1/vhm"),
        DataSource("some-model 1.2 (legs)", None, "MIT", "https://example.org/m"),
    ]


def test_no_manifest_says_the_source_is_not_stated(tmp_path):
    assert data_sources(tmp_path) == []
