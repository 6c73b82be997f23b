"""Dateline: a citable archive of who said what, when and where, served over Discord."""

__version__ = "0.1.0"
