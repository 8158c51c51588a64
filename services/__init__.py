"""Fetch, start, health-check and stop the local Neo4j and Elasticsearch servers.

Start with :mod:`services.manager` (``up``, ``down``, ``status``) or the ``services``
click group in :mod:`zhiren.cli.services`; versions live in :mod:`zhiren.services.versions` only.
"""
