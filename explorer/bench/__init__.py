"""The benchmark behind ``anatomy-explorer bench``: the app against a naive baseline and a floor."""
