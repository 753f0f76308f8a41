"""Statements that are nobody's act: an event only scheduled, what a disaster, the market or a poll "does".

Asked by :func:`accord.text.coder.code_sentence` of each statement it found, last: the rules code a
clause by its words, and these say the clause has no actor to code.
"""

from __future__ import annotations

from typing import Any

from .roles import Coded
from .tokens import _ancestors, _children, _lemma, _tree, natural

Token = Any  # spacy.tokens.Token (spaCy is an optional dependency)

__all__ = ["no_act"]


def no_act(c: Coded, doc: Token) -> bool:
    """Whether the statement ``c`` of ``doc`` is no one's act (:func:`_scheduled`, :func:`_natural`)."""
    return _scheduled(c, doc) or _natural(c, doc)


def _scheduled(c: Coded, doc: Token) -> bool:
    """An event noun with no actor that is only scheduled ("the summit will take place", "is due to open")."""
    trig = _tree(doc).toks[c.trigger]
    if c.source is not None or trig.pos_ != "NOUN":
        return False
    return "future" in c.flags or any(_lemma(t) in _SCHEDULE for t in _ancestors(trig))


_SCHEDULE = frozenset(("schedule", "slate", "set", "plan", "due"))


def _natural(c: Coded, doc: Token) -> bool:
    """What a disaster, an accident, the market or an opinion poll "does": no actor's act.

    "Rains triggered landslides, killing 17"; "Typhoon Haiyan slammed into the islands"; "exports rose,
    helped by strong demand"; "polls show most Israelis still support a two-state solution".
    """
    trig = _tree(doc).toks[c.trigger]
    if any(
        s.dep_ == "nsubj" and _lemma(s) in _POLLS for t in (trig, *_ancestors(trig)) for s in _children(t)
    ):
        return True  # "polls show most Israelis still support ...": opinion, no one's act
    if c.source is None:
        return False
    a, b = c.source
    head = next((t for t in _tree(doc).toks[a:b] if not a <= t.head.i < b), None)
    if head is None:
        return False
    # a market does nothing at all ("oil prices rose on hopes of a deal"); a disaster harms or helps
    # a storm "slammed into" the coast: no one's words either, whatever the act
    return _lemma(head) in _MARKETS or natural(head) or _lemma(trig) == "demand" and _market_demand(trig)


def _market_demand(noun: Token) -> bool:
    """Demand in the economic sense: "strong consumer demand", "oil demand" (no one's request)."""
    return any(_lemma(c) in _DEMAND_MODS or c.pos_ == "ADJ" and _lemma(c) in _SIZES for c in _children(noun))


_DEMAND_MODS = frozenset("consumer domestic global oil energy export import household".split())
_SIZES = frozenset("strong weak high low rising falling robust sluggish".split())
_POLLS = frozenset(("poll", "polls", "survey", "surveys"))
_MARKETS = frozenset(
    "demand prices price market markets stock stocks share shares currency inflation bond bonds yen dollar "
    "euro pound rouble ruble rupee yuan franc lira peso won rand shekel index futures investor investors "
    "trader traders".split()
)
