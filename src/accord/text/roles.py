"""Who acts and on whom: a coded event's source, target and their token spans.

Split from :mod:`accord.text.coder`, which calls :func:`_roles` on every event it codes. The source is
the trigger's subject (through ``xcomp``, conjunction and relative clauses), the ``by`` agent of a
passive, or the speaker; a pronoun is the speaker, else the subject named last before it in the
sentence. The target is the object, the passive subject, or the object of a targeting preposition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .tokens import _ancestors, _children, _head, _lemma, _noun_class, _sentence

Token = Any  # spacy.tokens.Token (spaCy is an optional dependency)

_NOMINAL = ("NOUN", "PROPN")


_TARGET_PREPS = ("against", "on", "with", "to", "at", "into", "toward", "towards", "upon", "over")


_SPEAKERS_FOR = frozenset("spokesman spokeswoman spokesperson representative envoy negotiator".split())
_PRONOUNS = frozenset("he she it they we i him her them us his its their our".split())


@dataclass
class Coded:
    """One coded event in a parsed sentence (token indices are the sentence document's)."""

    act: str
    trigger: int
    top: int
    source: tuple[int, int] | None = None
    source_pronoun: bool = False
    speaker: tuple[int, int] | None = None
    target: tuple[int, int] | None = None
    flags: set[str] = field(default_factory=set)
    confidence: float = 0.9
    quote: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class _Ctx:
    speaker: Token | None = None
    intent: bool = False
    depth: int = 0

    def deeper(self) -> _Ctx:
        """The context of a clause one level down (``dataclasses.replace`` costs several times more)."""
        return _Ctx(self.speaker, self.intent, self.depth + 1)


def _demonym(tok: Token) -> bool:
    """A capitalised adjective that reads as a nationality ("Israeli", "Russian", "Chinese", "Turkish")."""
    return bool(
        tok.text.istitle() and tok.pos_ == "ADJ" and tok.lower_.endswith(("an", "ese", "i", "ish", "ch"))
    )


def _subject(tok: Token) -> Token | None:
    """The agent of ``tok``: its subject, the ``by`` phrase of a passive, or its governor's subject."""
    seen = 0
    while tok is not None and seen < 6:
        for c in _children(tok):
            if c.dep_ in ("nsubj", "csubj"):
                return c
        for c in _children(tok):
            if c.dep_ == "agent":
                return next((g for g in _children(c) if g.dep_ == "pobj"), None)
        if any(c.dep_ == "nsubjpass" for c in _children(tok)):
            agent = _late_agent(tok)
            if agent is not None:
                return agent
        if tok.dep_ in ("relcl", "acl") and _head(tok).pos_ in _NOMINAL + ("PRON",):
            return _head(tok)
        if tok.pos_ in _NOMINAL:
            for c in _children(tok):
                # "Israeli air strikes", "Moscow's offer": a name or a nationality adjective
                if c.dep_ in ("poss", "compound", "amod") and (
                    c.pos_ == "PROPN" or c.ent_type_ or _demonym(c)
                ):
                    return c
            for c in _children(tok):
                if c.dep_ == "prep" and c.text.lower() in ("by", "between", "from"):
                    return next((g for g in _children(c) if g.dep_ == "pobj"), None)
        if (
            tok.dep_ in ("xcomp", "conj", "advcl", "acomp", "dobj", "attr", "pobj", "prep", "pcomp")
            and _head(tok).i != tok.i
        ):
            tok = _head(tok)
            seen += 1
            continue
        return None
    return None


def _late_agent(verb: Token) -> Token | None:
    """A passive's ``by`` phrase hung on the verb's object by the parser, when it names a proper noun.

    "Nigeria was threatened with sanctions by the Commonwealth": "by" attaches to "sanctions".
    """
    for prep in _children(verb):
        if prep.dep_ != "prep":
            continue
        for obj in _children(prep):
            for by in _children(obj):
                if by.dep_ == "prep" and by.lower_ == "by":
                    pobj = next((g for g in _children(by) if g.dep_ == "pobj"), None)
                    if pobj is not None and pobj.pos_ == "PROPN":
                        return pobj
    return None


def _target(tok: Token) -> Token | None:
    passive = next((c for c in _children(tok) if c.dep_ == "nsubjpass"), None)
    if passive is not None and _noun_class(passive) is None:
        return passive
    for c in _children(tok):
        if (
            c.dep_ in ("dobj", "dative")
            and _noun_class(c) is None
            and _lemma(c) not in _PRONOUNS - {"him", "her", "them", "us"}
        ):
            return c
    for c in _children(tok):
        if c.dep_ == "prep" and c.text.lower() in _TARGET_PREPS:
            pobj = next((g for g in _children(c) if g.dep_ == "pobj"), None)
            if pobj is not None and _noun_class(pobj) is None:
                return pobj
    return None


def _span(tok: Token, appos: bool = False) -> tuple[int, int]:
    """Token span of a noun phrase: its subtree without clauses, appositions, punctuation and most PPs.

    Phrases with ``of`` and ``from`` stay ("officials of X", "activists from Y"), and ``for`` after a
    spokesman or an envoy ("a spokesman for the rebels"). With ``appos``, a name in apposition stays too
    ("the head of the agency, Rafael Grossi").
    """
    keep = [tok.i]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in _children(t):
            dep = c.dep_
            if dep == "appos" and appos and c.pos_ == "PROPN":
                keep.append(c.i)
                stack.append(c)
                continue
            if dep in ("relcl", "acl", "appos", "punct", "advcl", "cc") or (
                dep == "prep"
                and c.lower_ not in ("of", "from")
                and not (c.lower_ == "for" and _lemma(t) in _SPEAKERS_FOR)
            ):
                continue
            keep.append(c.i)
            stack.append(c)
    return min(keep), max(keep) + 1


def _set_source(coded: Coded, subj: Token, ctx: _Ctx) -> None:
    # "his office", "its government": a pronoun's side, read like the pronoun
    owned = (
        subj.pos_ == "NOUN"
        and _lemma(subj) in _SIDES
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in _children(subj))
    )
    if _lemma(subj) in _PRONOUNS or subj.pos_ == "PRON" or owned:
        antecedent = _antecedent(subj)
        speaker = ctx.speaker
        if speaker is not None and speaker.i != subj.i and (antecedent is None or speaker.i < subj.i):
            coded.source = _span(ctx.speaker)  # "Lavrov said it would ...": "it" is the speaker's side
        elif antecedent is not None:
            # "When Yeltsin landed, he promised ..." (also with a trailing "..., an aide said")
            coded.source = _span(antecedent, appos=True)
        else:
            coded.source = (subj.i, subj.i + 1)
            coded.source_pronoun = True
    else:
        coded.source = _span(subj, appos=True)


_FEELINGS = frozenset("dismay disappoint appal appall outrage anger alarm trouble shock sadden".split())


def _felt(tok: Token) -> bool:
    """A feeling verb or its participle ("dismayed", "outraged"; the model lemmatises adjectives as-is)."""
    word = tok.lower_
    return _lemma(tok) in _FEELINGS or word.removesuffix("ed") in _FEELINGS or word[:-1] in _FEELINGS


_SIDES = frozenset("office country government side people forces ministry party administration".split())


def _planter(subj: Token) -> Token:
    """Who used a weapon that is the subject: "a roadside bomb planted by Taliban insurgents" -> them."""
    if _noun_class(subj) not in ("bombing", "attack") and _lemma(subj) not in _DEVICES:
        return subj
    for c in _children(subj):
        if c.dep_ == "acl":
            for a in _children(c):
                if a.dep_ == "agent":
                    by = next((g for g in _children(a) if g.dep_ == "pobj"), None)
                    if by is not None:
                        return by
    return subj


#: Acts whose passive subject suffers them: its side is the target, never the source.
_DONE_TO = frozenset(("FIGHT", "ASSAULT", "COERCE", "THREATEN", "DISAPPROVE"))
_DEVICES = frozenset("bomb bombs mine mines device explosive explosives rocket rockets shell shells".split())


def _antecedent(pron: Token) -> Token | None:
    """The subject named last before a pronoun in its sentence ("After Havel met ..., he ..."), if any."""
    for t in reversed(_sentence(pron)[: pron.i]):
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in _NOMINAL and _lemma(t) not in _PRONOUNS:
            return t
    return None


def _speaks_for(speaker: Token | None, subj: Token, verb: Token) -> bool:
    """A named speaker who first says what a side will or could do ("Cem said Ankara could ...").

    The complement's verb is modal and its subject a name or an institution named after the speaker
    (pronouns already read as the speaker; "Ankara could ..., Cem said" keeps Ankara).
    """
    if speaker is None or speaker.pos_ != "PROPN" or subj.pos_ == "PRON" or subj.i <= speaker.i:
        return False
    modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in _children(verb))
    return modal and (subj.pos_ == "PROPN" or _lemma(subj) in _SIDES | _BODIES)


_MODALS = frozenset("will would could can may might shall 'll".split())
#: Bodies a named official speaks for ("the army will never bow", "the fund was ready").
_BODIES = frozenset("army fund military bank alliance union bloc organisation organization".split())


def _roles(coded: Coded, tok: Token, ctx: _Ctx) -> None:
    trig = _sentence(tok)[coded.trigger]
    passive = next((c for c in _children(tok) if c.dep_ == "nsubjpass"), None)
    if passive is not None and _felt(tok):
        subj = (
            passive  # "the EU was dismayed by Belgrade's decision": the EU feels, the decision is the cause
        )
    else:
        subj = _subject(tok) or (_subject(trig) if trig.i != tok.i else None)
        subj = _planter(subj) if subj is not None else None
    if subj is not None and subj.i != coded.trigger and _speaks_for(ctx.speaker, subj, tok):
        # "Foreign Minister Cem said Ankara could annex ...": a named official announcing what his side
        # will do is the source of the threat or the offer
        coded.source = _span(ctx.speaker, appos=True)
    elif subj is not None and subj.i != coded.trigger:
        _set_source(coded, subj, ctx)
    elif ctx.speaker is not None:
        coded.source = _span(ctx.speaker)
    elif passive is not None and coded.act not in _DONE_TO:
        # "UN peacekeepers were shipped out": with no agent, the side the passive subject belongs to;
        # not for force: "Ukrainian forces were attacked" names who suffered it, not who did it
        owner = next(
            (
                c
                for c in _children(passive)
                if c.dep_ in ("compound", "poss", "amod") and (c.pos_ == "PROPN" or _demonym(c))
            ),
            None,
        )
        if owner is not None:
            coded.source = (owner.i, owner.i + 1)
    if coded.target is None:
        tgt = _target(tok) or (_target(trig) if trig.i != tok.i else None)
        if tgt is None and coded.act in _DONE_TO:
            # forces attacked or pushed out are the target, though a deployment's troops are not
            tgt = next(
                (c for c in _children(tok) if c.dep_ in ("nsubjpass", "dobj") and _noun_class(c) == "troops"),
                None,
            )
        if tgt is not None:
            coded.target = _span(tgt)


def clause_subject(c: Coded, doc: Token) -> None:
    """With no source found, the subject of the nearest verb above the trigger that has one.

    The act's own rules found no agent ("Beijing extended assistance to Tonga": the trigger is the noun;
    "Gbagbo dug in his heels, snubbing African Union calls": the participle's), so the clause it sits
    in names the side that acts.
    """
    trig = _sentence(doc[c.trigger])[c.trigger]
    for t in (trig, *_ancestors(trig)):
        if t.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((g for g in _children(t) if g.dep_ == "nsubj" and g.i != c.trigger), None)
        if subj is not None:
            _set_source(c, subj, _Ctx())
            return
