"""Zhiren's kernel: settings and the exception hierarchy every layer shares."""

__version__ = "0.1.0"
