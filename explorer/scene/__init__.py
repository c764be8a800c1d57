"""The view's single source of truth (visibility, opacity, selection, camera), Qt-free."""

from explorer.scene.scene_state import CameraPose, SceneState, Snapshot

__all__ = ["CameraPose", "SceneState", "Snapshot"]
