"""The trained pipeline's settings, read from config.yml (one source for tests' thresholds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import yaml

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"


def component(name: str) -> Dict[str, Any]:
    """The settings of the pipeline component or policy called `name` in config.yml
    (its `name`, or the class name at the end of a dotted path); KeyError if absent."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    for entry in (config.get("pipeline") or []) + (config.get("policies") or []):
        if entry["name"] == name or entry["name"].rsplit(".", 1)[-1] == name:
            return dict(entry)
    raise KeyError(f"{name} is not in {CONFIG}")


def fallback_thresholds() -> Dict[str, float]:
    """FallbackClassifier's `threshold` and `ambiguity_threshold` as configured."""
    settings = component("FallbackClassifier")
    return {"threshold": float(settings["threshold"]), "ambiguity_threshold": float(settings["ambiguity_threshold"])}
