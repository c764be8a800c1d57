"""One module per CLI subcommand (as MNE's mne/commands/mne_*.py): add_parser() and run()."""

SUBCOMMANDS = ("structures", "show", "landmarks", "plan", "render", "export", "handout", "validate", "bench", "build_meshes", "install_desktop")
