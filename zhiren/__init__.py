"""Zhiren's kernel: settings, the exception hierarchy and the garbage collector's pause every layer shares."""

__version__ = "0.1.0"
