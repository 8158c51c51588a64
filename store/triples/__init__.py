"""The triple store: the graph as RDF for SPARQL and dumps (port in ``base``, adapters beside it)."""
