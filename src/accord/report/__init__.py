"""Readable reports of a scenario and of every analysis accord runs on it."""

from .summary import analysis_to_dict, analyze, render_analysis

__all__ = ["analysis_to_dict", "analyze", "render_analysis"]
