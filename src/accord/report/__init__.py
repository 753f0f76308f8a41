"""Readable reports of a scenario and of every analysis accord runs on it."""

from .summary import analyze, render_analysis

__all__ = ["analyze", "render_analysis"]
