"""Fetch, start, health-check and stop the local Neo4j and Elasticsearch servers.

Start with :mod:`services.manager` (``up``, ``down``, ``status``) or the ``services``
click group in :mod:`services.cli`; versions live in :mod:`services.versions` only.
"""
