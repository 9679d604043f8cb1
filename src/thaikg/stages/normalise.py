"""Stage ``normalise``: clean text with a character map back to the original."""
from __future__ import annotations

from ..document import Document
from ..pipeline import stage
from ..text.normalise import normalise as normalise_text


@stage("normalise", needs=("raw",), adds=("text", "offsets"))
def normalise(doc: Document, knowledge: object) -> None:
    """NFC, no zero-width characters, tidy spaces; offsets still point into ``raw``."""
    doc.text, doc.offsets, doc.offset_ends = normalise_text(doc.raw)
