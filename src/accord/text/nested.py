"""Rules that code a clause inside another one, with the clause coder they are given.

A concession said by a participle ("..., bowing to a strike"), the answer to a question ("Asked whether
..., X said: 'No'"), what a warning says, what a leader orders his own men to do, a raised prospect. Each
takes the clause coder as ``clause`` (:func:`accord.text.coder._clause`), so this module needs nothing
from the coder and the coder stays one reading of a clause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .cues import _ASKING, _bowing, _entry
from .lexicon import HOSTILE, LIGHT, NEGATED, NOUNS
from .roles import Coded, _Ctx, _roles, _span
from .tokens import _children, _lemma, _noun_class, _subtree

__all__ = ["asked", "conceding", "only_gloomy", "prospect", "reply", "stood_down"]

Token = Any  # spacy.tokens.Token
#: The clause coder: a clause's head and its context -> the coded event, or None.
Clause = Callable[[Token, _Ctx], "Coded | None"]


_COMMANDED = frozenset(("RETREAT", "FIGHT", "ASSAULT", "COERCE"))


def conceding(head: Token, clause: Clause) -> bool:
    """A participle clause or an apposition saying that the act yields to demands.

    "..., conceding a key demand"; "passed a new electoral law, a key demand of protesters".
    """
    for c in _children(head):
        for d in (c, *_children(c)) if c.dep_ == "dobj" else (c,):
            if d.dep_ in ("appos", "npadvmod") and _lemma(d) in ("demand", "demands"):
                return True
        if c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG":
            if _bowing(c):
                return True
            inner = clause(c, _Ctx(depth=1))
            if inner is not None and inner.act == "CONCEDE":
                return True
    return False


def asked(tok: Token) -> bool:
    """The question put to a speaker ("Asked whether ..., X said"): no act of the speaker's."""
    return (
        tok.dep_ == "advcl"
        and tok.tag_ in ("VBN", "VBD")
        and _lemma(tok) in _ASKING
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in _children(tok))
    )


def reply(head: Token, clause: Clause) -> Coded | None:
    """The speaker's answer to "Asked whether X would accept Y": "Absolutely not" rejects Y (12)."""
    if (_entry(head) or ("", None))[0] != "speech":
        return None
    put = next((c for c in _children(head) if asked(c)), None)
    question = next((c for c in _children(put) if c.dep_ in ("ccomp", "advcl")), None) if put else None
    if question is None or not any(c.lower_ == "whether" or c.lower_ == "if" for c in _children(question)):
        return None
    words = {t.lower_ for t in _subtree(head) if t.i > question.right_edge.i}
    no, yes = bool(words & {"not", "no", "never"}), bool(words & {"yes", "certainly", "course"})
    inner = clause(question, _Ctx(depth=1)) if no != yes else None
    if inner is None:
        return None
    if no:
        if inner.act not in NEGATED:
            return None
        inner.act = NEGATED[inner.act]
        inner.flags.add("negation")
    speaker = next((c for c in _children(head) if c.dep_ == "nsubj"), None)
    inner.source = _span(speaker) if speaker is not None else None
    inner.top, inner.confidence = head.i, 0.7
    return inner


def only_gloomy(tok: Token, ctx: _Ctx, clause: Clause) -> bool:
    """A warning that something is or may be so, with no act in it and no means of harm named."""
    said = next((c for c in _children(tok) if c.dep_ == "ccomp"), None)
    if said is None or any(c.dep_ in ("dobj", "prep", "dative") for c in _children(tok)):
        return False  # "warned Moscow", "warned of sanctions": a threat
    if clause(said, ctx.deeper()) is not None:
        return False  # "warned that it would retaliate"
    return not any(LIGHT.get(("*", _noun_class(g) or "")) in HOSTILE for g in _subtree(said))


def stood_down(tok: Token, ctx: _Ctx, clause: Clause) -> Coded | None:
    """What a leader orders his own forces to do is the leader's act: a RETREAT (087), a use of force.

    "Ordered his forces to observe a ceasefire", "to pull back", "ordered his men to open fire on the
    crowd": not a mobilisation or a demand.
    """
    if _lemma(tok) != "order":
        return None
    obj = next((c for c in _children(tok) if c.dep_ == "dobj"), None)
    own = obj is not None and (
        _noun_class(obj) == "troops" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in _children(obj))
    )
    comp = next((c for c in _children(tok) if c.dep_ == "xcomp"), None)
    if not own or comp is None:
        return None
    inner = clause(comp, ctx.deeper())
    return inner if inner is not None and inner.act in _COMMANDED else None


_PROSPECTS = frozenset("prospect possibility spectre specter threat".split())


def prospect(tok: Token, ctx: _Ctx, clause: Clause) -> str | None:
    """A raised prospect ("the possibility of X"): a threat when X is hostile or cuts ties, else an offer."""
    dobj = next((c for c in _children(tok) if c.dep_ == "dobj" and _lemma(c) in _PROSPECTS), None)
    of = next((c for c in _children(dobj) if c.dep_ == "prep" and c.lower_ == "of"), None) if dobj else None
    if of is None:
        return None
    if _lemma(dobj) in ("spectre", "specter", "threat"):
        return "THREATEN"  # the spectre of anything is a threat
    for g in _children(of):
        inner = clause(g, ctx.deeper()) if g.dep_ == "pcomp" else None
        act = (
            inner.act
            if inner is not None
            else LIGHT.get(("*", _noun_class(g) or ""))
            if g.dep_ == "pobj"
            else None
        )
        if act is None and g.dep_ == "pcomp" and _lemma(g) in ("end", "stop", "halt", "quit"):
            act = "SANCTION"  # "ending its role as peace broker"
        if act in HOSTILE or act in ("SANCTION", "THREATEN"):
            return "THREATEN"
        if act is not None:
            return "AGREE"
    return None


#: Verbs of what an event does to a place ("a walkout closed schools", "a car bomb tore through a market").
_EFFECTS = frozenset("shut close paralyse paralyze cripple disrupt ground tear rip".split())


def effect(tok: Token, ctx: _Ctx) -> Coded | None:
    """The event noun that is the subject of its effect: "A walkout by 200,000 teachers closed schools"."""
    if _lemma(tok) not in _EFFECTS:
        return None
    noun = next((c for c in _children(tok) if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    act = (NOUNS.get(_lemma(noun)) or NOUNS.get(noun.lower_)) if noun is not None else None
    if noun is None or act is None:
        return None
    coded = Coded(act, noun.i, tok.i, confidence=0.7)
    _roles(coded, noun, ctx)  # "by 200,000 teachers"
    return coded
