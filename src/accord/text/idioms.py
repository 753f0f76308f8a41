"""Light-verb idioms: a verb and a noun that together name one act ("turned a deaf ear to", "closed ranks").

Called by :func:`accord.text.frames.light_sense` before the verb's object class is read: in these
idioms the object is part of the verb ("put pressure on X to scrap a law" is a demand, not the
scrapping). The words are general English; the categories are CAMEO's, with the code beside each.
"""

from __future__ import annotations

from typing import Any

from .lexicon import LIGHT
from .objects import HOMES, KEEPERS, MISSIONS
from .tokens import _children, _lemma, _noun_class, _of, _subtree

Token = Any  # spacy.tokens.Token

__all__ = ["arrival", "idiom"]

#: What "gave the green light to" approves when it is a thing, not a deed: endorsing it (051).
_APPROVED = frozenset(
    "plan plans package deal bill law budget proposal project agreement treaty merger reform reforms "
    "resolution scheme programme program".split()
)
#: Verbs that found or open something, and those that start work on it.
_FOUNDING = frozenset("set_up open build establish launch inaugurate".split())
_STARTS = _FOUNDING | {"begin", "start", "hold", "conduct", "carry_out", "undertake", "resume"}
#: Links two states build together: inaugurating one cooperates (061).
_LINKS = frozenset("pipeline railway rail link line bridge road route highway corridor".split())
#: Whom troops shield or escort, or a state takes in.
_PROTECTED = frozenset(
    "civilian civilians refugee refugees people tanker tankers convoy convoys ship ships villager "
    "villagers".split()
)
_WARS = frozenset("war wars conflict fighting violence".split())  # no actor: "the war drove millions from"
_TRUCES = frozenset(("ceasefire", "cease-fire", "truce"))
#: Energy a state sells or pumps to another (061), and the verbs that move it.
_ENERGY = frozenset("electricity power gas oil crude".split())
_PIPED = frozenset("supply deliver pump ship export sell provide".split())
#: Every verb an idiom below starts with: :func:`idiom` looks no further for the others.
_IDIOM_VERBS = (
    frozenset(
        "announce brand bring call chase close declare designate do drive escort exit force give go grant "
        "heap hold increase join keep knock leave list open order pile protect put quit ratchet roll send "
        "shield sit stand step take turn".split()
    )
    | _FOUNDING
    | _STARTS
    | _PIPED
)
_CONVOYS = frozenset("convoy convoys truck trucks lorry lorries ship ships plane planes".split())
_BROKERS = frozenset("mediator mediators broker go-between intermediary facilitator".split())
#: What "put an end to", "called a halt to" stop, as the verb that stops it directly.
_STOPPED = {"end": "end", "halt": "halt", "stop": "halt"}
#: Places a relief agency sets up: a field hospital, a refugee camp (073).
_RELIEF = frozenset("hospital hospitals clinic clinics shelter shelters".split())
_CAMP_MODS = frozenset("refugee relief aid tent displacement transit".split())


def _mods(noun: Token) -> set[str]:
    return {_lemma(c) for c in _children(noun) if c.dep_ in ("compound", "amod")}


def _conjoined(tok: Token) -> bool:
    """Two parties acting together: "Iran and Turkmenistan", "the two republics", "both sides"."""
    subj = next((c for c in _children(tok) if c.dep_ == "nsubj"), None)
    return subj is not None and any(
        c.dep_ == "conj" or c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet")
        for c in _children(subj)
    )


def _pobj(tok: Token, *preps: str) -> Token | None:
    """The object of the first preposition among ``preps`` on the verb, its object or its particle.

    The model hangs "against" on "ranks" in "closed ranks against Iran", "from" on "back" in "stepped
    back from mediation".
    """
    heads = [tok, *(c for c in _children(tok) if c.dep_ in ("dobj", "prt", "advmod"))]
    for h in heads:
        for c in _children(h):
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                return next((g for g in _children(c) if g.dep_ == "pobj"), None)
    return None


def _has(tok: Token, word: str, deps: tuple[str, ...] = ("prt", "advmod", "prep")) -> bool:
    return any(c.lower_ == word and c.dep_ in deps for c in _children(tok))


def idiom(tok: Token, lem: str, dobj: Token | None) -> str | None:
    """The act of a light-verb idiom headed by ``tok`` (lemma ``lem``, direct object ``dobj``), or None."""
    if any(c.lower_ == "jointly" and c.dep_ == "advmod" for c in _children(tok)) or (
        lem in _STARTS and dobj is not None and "joint" in _mods(dobj)
    ):
        return "COOPERATE"  # "jointly reconnected rail links", "began a joint excavation" (06)
    if lem not in _IDIOM_VERBS:
        return None  # most verbs ("said"): no idiom to look for
    obj = _lemma(dobj) if dobj is not None else ""
    if lem == "keep" and any(
        _lemma(c) == "supply" for h in (tok, dobj) if h is not None for c in _children(h)
    ):
        return "AID"  # "kept the region supplied with flour" (07)
    whom = (_of(dobj) or dobj) if dobj is not None else None  # "thousands of civilians"
    if lem in ("shield", "protect", "escort") and whom is not None and _lemma(whom) in _PROTECTED:
        return "AID"  # troops shielding civilians or escorting tankers give protection (074)
    if (
        lem == "take"
        and _has(tok, "in")
        and dobj is not None
        and (dobj.pos_ == "PROPN" or _lemma(dobj) in _PROTECTED)
    ):
        return "AID"  # taking in an ousted president or refugees gives asylum (075)
    if lem in _FOUNDING and dobj is not None and _lemma(dobj) in _LINKS and _conjoined(tok):
        return "COOPERATE"  # "Iran and Turkmenistan inaugurated a rail link" (061)
    if lem == "hold" and dobj is not None and obj == "branch" and "olive" in _mods(dobj):
        return "AGREE"  # holding out an olive branch (030)
    if lem == "sit" and (
        any(c.lower_ == "face" for c in _children(tok))
        or (t := _pobj(tok, "across")) is not None
        and _lemma(t) == "table"
    ):
        return "CONSULT"  # sitting face to face, across the table from someone (046)
    if lem == "roll" and obj == "carpet":
        return "CONSULT"  # rolling out the red carpet for a visitor hosts him (043)
    if lem == "go" and _has(tok, "back") and (w := _pobj(tok, "to")) is not None and _lemma(w) == "work":
        return "CONCEDE"  # strikers going back to work end their strike (0822)
    if lem in ("declare", "designate", "brand", "list") and any(
        "terrorist" in _mods(c) or _lemma(c) == "terrorist"
        for c in _children(tok)
        if c.dep_ in ("oprd", "attr", "xcomp")
    ):
        return "COERCE"  # declaring a party a terrorist organisation bans it (1722)
    if lem in ("announce", "declare", "order") and obj in _TRUCES and _pobj(tok, "with") is None:
        return "RETREAT"  # declaring a (unilateral) ceasefire observes one (0871); agreed with someone: AGREE
    subj = next((c for c in _children(tok) if c.dep_ == "nsubj"), None)
    wars = subj is not None and (_lemma(subj) in _WARS or _noun_class(subj) == "attack")
    if (
        lem in ("drive", "force", "chase")
        and (home := _pobj(tok, "from", "out")) is not None
        and _lemma(home) in HOMES
    ):
        return None if wars else "ASSAULT"  # forces driving people from their homes: expulsion (201)
    if (
        lem in ("leave", "quit", "exit")
        and subj is not None
        and _noun_class(subj) == "troops"
        and dobj is not None
    ):
        return "RETREAT"  # the last troops leaving a country withdraw (0874)
    buyer = _pobj(tok, "to")
    if (
        lem in _PIPED
        and dobj is not None
        and (_lemma(dobj) in _ENERGY or _mods(dobj) & _ENERGY)
        and buyer is not None
        and buyer.pos_ == "PROPN"
    ):
        return "COOPERATE"  # selling or pumping gas or power to a neighbour is trade (061), not aid
    if (
        lem == "join"
        and (dobj is not None or _pobj(tok, "for", "in"))
        and any(_noun_class(t) == "drills" for t in _subtree(tok))
    ):
        return "COOPERATE"  # warships joining another navy's drills (062)
    if lem in ("send", "dispatch") and dobj is not None and _lemma(_of(dobj) or dobj) in _CONVOYS:
        if any(_noun_class(t) == "aid" for t in _subtree(dobj)):
            return "AID"  # "sent a convoy of 280 trucks carrying humanitarian aid" (073)
    if lem == "call" and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in _children(c))
        for c in _children(tok)
    ):
        return "DEMAND"  # "called for Assad to step aside", which the model parses as a clause (1041)
    if lem == "put" and obj == "pen" and _pobj(tok, "to") is not None:
        return "SUPPORT"  # putting pen to paper signs (057)
    if lem in ("put", "pile", "heap", "increase", "keep", "ratchet", "step") and obj == "pressure":
        return "DEMAND"  # "put pressure on X to ..." (104)
    if lem == "stand" and _has(tok, "up") and _pobj(tok, "for") is not None:
        return "SUPPORT"  # standing up for someone defends them (052)
    if lem == "stand" and any(c.lower_ == "firm" for c in _children(tok)):
        return "REJECT"  # standing firm against calls refuses them (124)
    if lem == "turn" and (obj == "ear" or obj == "back" and _pobj(tok, "on") is not None):
        return "REJECT"  # a deaf ear to appeals, one's back on an offer (12)
    if lem == "close" and obj in ("rank", "ranks"):
        return "DISAPPROVE" if _pobj(tok, "against") is not None else "SUPPORT"  # (113, 053)
    if lem == "step" and _has(tok, "back") and _pobj(tok, "from") is not None:
        return "SANCTION"  # stepping back from mediation or a role (16)
    if (
        lem == "step"
        and _has(tok, "in")
        and (broker := _pobj(tok, "as")) is not None
        and _lemma(broker) in _BROKERS
    ):
        return "CONSULT"  # stepping in as a mediator mediates (045); offered, an offer to (039)
    if lem == "take" and obj == "delivery":
        return "COOPERATE"  # taking delivery of jets or grain bought abroad (06)
    if lem == "send" and any(c.lower_ == "packing" for c in _subtree(tok)):
        # expelling a mission, diplomats or aid agencies cuts ties (166); expelling people coerces (174)
        expelled = next((c for c in _subtree(tok) if c.dep_ in ("dobj", "nsubjpass")), None)
        who = [expelled, *(c for c in _children(expelled) if c.dep_ == "conj")] if expelled else []
        missions = any(w.lower_ in MISSIONS or _noun_class(w) in ("monitor", "relations") for w in who)
        return "SANCTION" if missions else "COERCE"
    if lem in ("give", "grant") and obj in ("light", "go-ahead", "nod", "blessing"):
        if any(_noun_class(t) in ("troops", "monitor") for t in _subtree(tok)):
            return "RETREAT"  # letting foreign troops or monitors in (0864, 086)
        approved = _pobj(tok, "to", "for")
        return "SUPPORT" if approved is not None and _lemma(approved) in _APPROVED else "CONCEDE"
    if lem in ("call", "put", "bring") and obj in _STOPPED:
        stopped = _pobj(tok, "to")
        cls = _noun_class(stopped) if stopped is not None else None
        if cls is None and stopped is not None and (inner := _of(stopped)) is not None:
            cls = _noun_class(inner)  # "a halt to its campaign of bombings"
        if cls == "bombing":
            return "RETREAT"  # halting its bombings de-escalates (0871)
        if cls is not None:  # "called a halt to its campaign of bombings" halts it
            return LIGHT.get((_STOPPED[obj], cls)) or LIGHT.get(("halt", cls))
    if lem == "do" and _has(tok, "away"):
        done = _pobj(tok, "with")
        cls = _noun_class(done) if done is not None else None
        if cls is not None:  # "did away with emergency laws" lifts them
            return LIGHT.get(("lift", cls)) or LIGHT.get(("end", cls))
    if lem in ("take", "knock") and _has(tok, "out") and dobj is not None and _noun_class(dobj) == "troops":
        return "FIGHT"  # taking out tanks or air defences (19)
    if lem == "open" and _has(tok, "up") and _pobj(tok, "with", "on") is not None:
        return "FIGHT"  # "opened up with artillery on the enclave" (194)
    if lem in _FOUNDING and dobj is not None:
        mods = _mods(dobj)
        if obj in _RELIEF or obj in ("camp", "camps") and mods & _CAMP_MODS:
            return "AID"  # a field hospital, a refugee camp (073)
    return None


#: Why a force or a team arrives, as the act it comes for: "to restore order" (074), "to investigate" (09).
_PURPOSES = {
    **dict.fromkeys("restore protect lead keep secure guard shield help assist".split(), "AID"),
    **dict.fromkeys("investigate probe examine inspect monitor verify document".split(), "INVESTIGATE"),
}
_ARRIVING = frozenset("arrive arrive_in land deploy travel_to".split())


def arrival(tok: Token, lem: str, subj: Token | None) -> str | None:
    """Peacekeepers or a team arriving, by what they come for ("landed in Dili to restore order")."""
    if lem not in _ARRIVING:
        return None
    for c in _subtree(tok):  # "to restore order", or "a force sent to restore order"
        if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in _children(c)):
            if (act := _PURPOSES.get(_lemma(c))) is not None:
                return act
    who = (_of(subj) or subj) if subj is not None else None  # "the first contingent of peacekeepers"
    if who is not None and _lemma(who) in KEEPERS:
        return "AID"  # peacekeepers arriving under a mandate (074)
    return None
