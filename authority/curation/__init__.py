"""Curation: changes to persons computed as before/after snapshots, written with an audit entry, undoable."""
