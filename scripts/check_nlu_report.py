"""Print the held-out NLU evaluation and fail below the macro-F1 target.

Reads the intent report written by `rasa test nlu --out DIR`.
Usage: python scripts/check_nlu_report.py DIR [MIN_MACRO_F1]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(folder: Path, minimum: float) -> int:
    report = json.loads((folder / "intent_report.json").read_text())
    print(f"{'intent':<24}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}  confused with")
    for intent, row in sorted(report.items()):
        if not isinstance(row, dict) or intent.endswith("avg"):
            continue
        confused = ", ".join(f"{k} ({v})" for k, v in (row.get("confused_with") or {}).items())
        print(
            f"{intent:<24}{row['precision']:>10.2f}{row['recall']:>10.2f}"
            f"{row['f1-score']:>8.2f}{row['support']:>9}  {confused}"
        )
    macro = report["macro avg"]["f1-score"]
    print(f"\naccuracy {report['accuracy']:.3f}   macro F1 {macro:.3f}   (target >= {minimum:.2f})")
    if macro < minimum:
        print("FAILED: macro F1 below target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 0.90))
