"""Stage ``layout``: recognise the article format and find title, metadata and body."""
from __future__ import annotations

from ..document import Document
from ..pipeline import stage
from ..text.readers import read_layout


@stage("layout", needs=("text",), adds=("title", "created", "modified", "published", "views", "url", "paragraphs"))
def layout(doc: Document, knowledge: object) -> None:
    """MFA press release, thaigov news, HTML or plain text: detected from the content unless forced."""
    read_layout(doc, doc.reader or None)
