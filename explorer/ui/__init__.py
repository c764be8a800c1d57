"""The Qt layer: a thin window over the core. Modules and classes are prefixed qt_/Qt."""
