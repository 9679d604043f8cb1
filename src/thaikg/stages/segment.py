"""Stage ``segment``: sentences and words, offline, with the project's names kept whole."""
from __future__ import annotations

from ..document import Document
from ..knowledge import Knowledge
from ..pipeline import stage
from ..text.segment import sentences


@stage("segment", needs=("text", "paragraphs"), adds=("sentences",))
def segment(doc: Document, knowledge: Knowledge) -> None:
    """Sentence spans over the title and body paragraphs."""
    spans = ([doc.title_span] if doc.title_span else []) + list(doc.paragraphs)
    doc.sentences = sentences(doc.text, sorted(spans))
