"""Argument-based readings: the class of an object noun, and sense rules that split a verb by its arguments.

Split from :mod:`accord.text.coder`, which calls them; the word lists are general English and the
distinctions are CAMEO's (killing in a battle is fighting, by a bomb an assault; expelling diplomats
reduces relations, expelling people coerces them).
"""

from __future__ import annotations

from typing import Any

from .lexicon import OBJECT_CLASSES

Token = Any  # spacy.tokens.Token

_COMPLEMENT = ("ccomp", "xcomp", "parataxis")
_OBJECTS = ("dobj", "attr", "oprd", "dative")

_CROWD = frozenset(
    "protester protesters demonstrator demonstrators people thousands hundreds dozens students workers "
    "residents crowd crowds supporters activists farmers villagers citizens union unions women youths "
    "refugees inmates prisoners employees opposition".split()
)
_VERBAL_TARGETS = frozenset(
    "policy decision plan remarks remark statement proposal comments move idea approach "
    "stance position".split()
)
_OBSTACLES = frozenset(
    "road roads highway highways street streets traffic bridge bridges entrance access "
    "railway border crossing port".split()
)
_PUBLICATIONS = frozenset(
    "statement report video document data figures list details results photos footage".split()
)


def _lemma(tok: Token) -> str:
    return str(tok.lemma_ or tok.text).lower()


def _object_class(tok: Token) -> tuple[str, Token] | None:
    """The object-noun class of a verb's object, of a coordinated object, or of a quantity's complement.

    A quantity's complement: "25,000 tons of food aid" is aid.
    """
    objs = [c for c in tok.children if c.dep_ in _OBJECTS or c.dep_ == "nsubjpass"]
    objs += [g for c in tok.children if c.dep_ in ("prep", "prt") for g in c.children if g.dep_ == "pobj"]
    objs += [c for o in list(objs) for c in o.children if c.dep_ == "conj"]
    for obj in objs:
        cls = _noun_class(obj)
        if cls is None:
            of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            if inner is not None and (cls := _noun_class(inner)) is not None:
                return cls, inner
            continue
        return cls, obj
    return None


_STRIKE_MODS = frozenset("hunger general labor labour national nationwide worker workers".split())
_STRIKE_VERBS = frozenset("go call stage hold end".split())


def _noun_class(noun: Token) -> str | None:
    """The class of a noun, or of its compound or adjective modifier ("peace talks", "martial law")."""
    lem = _lemma(noun)
    if lem == "strike":
        mods = {_lemma(c) for c in noun.children if c.dep_ in ("compound", "amod")}
        if mods & _STRIKE_MODS or _lemma(noun.head) in _STRIKE_VERBS:
            return "protest"  # a labour strike, not a military one
    # The lemma, or the word itself where the lemmatizer merges senses ("arms" -> "arm").
    cls = OBJECT_CLASSES.get(lem) or OBJECT_CLASSES.get(noun.lower_)
    if cls is None:
        for c in noun.children:
            if c.dep_ in ("compound", "amod") and _lemma(c) in OBJECT_CLASSES:
                return OBJECT_CLASSES[_lemma(c)]
    return cls


def _sense(tok: Token, act: str) -> str | None:
    """Split the senses of a few verbs by their arguments (general English, CAMEO's distinctions)."""
    lem = _lemma(tok)
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    ocls = _noun_class(obj) if obj is not None else None
    preps = {c.text.lower(): c for c in tok.children if c.dep_ == "prep"}
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if lem in ("meet", "accept", "grant", "satisfy", "fulfil", "fulfill", "heed") and ocls == "demand":
        return "CONCEDE"  # acceding to demands (CAMEO 083)
    if lem == "attack" and obj is not None and _lemma(obj) in _VERBAL_TARGETS:
        return "DISAPPROVE"
    if lem == "protest":
        crowd = subj is not None and (_lemma(subj) in _CROWD or subj.like_num)
        return "PROTEST" if crowd or not ("to" in preps or obj is not None) else "DISAPPROVE"
    if lem == "rally":
        return "SUPPORT" if obj is not None or {"behind", "around"} & set(preps) else "PROTEST"
    if lem == "demonstrate" and obj is not None:
        return None
    if lem == "block":
        return "PROTEST" if obj is not None and _lemma(obj) in _OBSTACLES else "REJECT"
    if lem == "expel" and obj is not None:
        # expelling diplomats, peacekeepers, inspectors or aid agencies reduces relations (CAMEO 166)
        return "SANCTION" if ocls in ("relations", "prisoner", "aid", "monitor") else "COERCE"
    if lem in ("withdraw", "pull"):  # "pull out" too
        frm = preps.get("from")
        pobj = next((g for g in frm.children if g.dep_ == "pobj"), None) if frm is not None else None
        if ocls in ("relations", "support", "aid", "monitor") or (
            pobj is not None and _noun_class(pobj) in ("talks", "agreement")
        ):
            return "SANCTION"
    if lem == "release" and obj is not None and _lemma(obj) in _PUBLICATIONS:
        return None
    if lem == "return" and obj is None:
        return None
    if lem == "receive" and ocls not in (None, "talks"):
        return None
    if lem in ("visit", "tour") and obj is not None and obj.pos_ != "PROPN" and not obj.ent_type_:
        return None  # visiting a front or a factory is no diplomatic visit
    if lem == "welcome" and "to" in preps:
        return "CONSULT"
    if lem == "charge" and (obj is None or any(c.dep_ in _COMPLEMENT for c in tok.children)):
        return "DISAPPROVE"  # "X charged that ...": an accusation, not a legal charge
    if act == "ASSAULT":
        # Killing or wounding in a military engagement is fighting (CAMEO 19), by a bombing an assault (18).
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "during"):
                means = next((g for g in c.children if g.dep_ == "pobj"), None)
                mcls = _noun_class(means) if means is not None else None
                if mcls == "attack":
                    return "FIGHT"
                if mcls == "bombing":
                    return "ASSAULT"
        if subj is not None and _noun_class(subj) in ("troops", "attack"):
            return "FIGHT"  # "troops killed", "air strikes killed"
    if lem == "suspend" and ocls == "attack":
        return "RETREAT"
    return act
