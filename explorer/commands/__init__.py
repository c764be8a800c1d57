"""One module per CLI subcommand (as MNE's mne/commands/mne_*.py): add_parser() and run()."""

SUBCOMMANDS = ("structures", "show", "landmarks", "render", "validate", "build_meshes")
