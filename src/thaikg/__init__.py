"""thaikg: a knowledge graph of Thai foreign-affairs and government news."""
from __future__ import annotations

__version__ = "0.1.0"
