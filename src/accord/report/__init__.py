"""Renderers of typed results: terminal text (:func:`render`), plots, and (later) HTML reports.

Every interface renders through here; nothing else formats a result for people.
"""

from .text import render

__all__ = ["render"]
