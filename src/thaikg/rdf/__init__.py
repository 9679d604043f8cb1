"""RDF side of thaikg: namespaces, Document -> triples, and serialisation."""
