"""Harness tests: make tools/ importable (it is a repo tool, not part of the installed package)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
