"""What a frame or light verb means by its arguments.

Ordering troops mobilises them, withholding aid reduces it, holding someone responsible accuses them.

Split from :mod:`accord.text.senses` (the senses of act verbs); :mod:`accord.text.coder` calls
:func:`frame_sense` for frame verbs and :func:`light_sense` for light verbs whose object names no act.
"""

from __future__ import annotations

from typing import Any

from .idioms import arrival, idiom
from .lexicon import VERBS
from .objects import MISSIONS
from .senses import _CARRIERS, _SITES, _VOTES, TRANSFER, _extradited, _in_combat, _people
from .tokens import (
    POLICIES,
    _children,
    _crowd,
    _head,
    _lemma,
    _mission,
    _noun_class,
    _object_class,
    _of,
    _subtree,
    phrasal,
)

Token = Any  # spacy.tokens.Token (spaCy is an optional dependency)


_STAFF = frozenset(
    "servant servants official officials officer officers judge judges teacher teachers employee "
    "employees staff worker workers soldier soldiers".split()
)


_LEAVE = frozenset("leave close withdraw pull quit depart go wind".split())


_BLAMED = frozenset("responsible accountable liable guilty culpable".split())


_BUILD = frozenset("build forge muster mobilise mobilize marshal stir whip drum drum_up form close".split())
_FRONTS = frozenset("opposition front coalition alliance bloc ranks".split())
#: Verbs that reverse one's own measure: scrapping a tax rise yields (CAMEO 0832).
_REVERSE = frozenset("scrap shelve ditch drop abandon withdraw reverse rescind axe ax".split())
_CHARGES = frozenset(
    "crime crimes punishment genocide aggression torture violation violations terrorism cleansing".split()
)
_ROLES = frozenset(
    "aggressor aggressors terrorist terrorists criminal criminals spy dictator warmonger".split()
)


_BLAME = frozenset(("responsibility", "blame"))
_COMPLAIN = frozenset(("complain", "protest", "object", "lodge"))
#: Armed groups other than an army: driving them out of a town is fighting them.
_ARMED = frozenset(
    "militia militias rebel rebels guerrilla guerrillas insurgent insurgents fighter fighters".split()
)
#: Verbs of an armed force moving in by force ("swept into", "stormed into", "rolled into").
_SWEEP = frozenset("sweep storm roll smash surge punch thrust push".split())
#: Places an armed force takes: "swept into the rebel stronghold", not "into the square" (a crowd's).
_HELD = frozenset(
    "stronghold strongholds town towns city cities village villages capital enclave territory province "
    "region district port base bases position positions valley outskirts suburbs".split()
)
_WINS = frozenset("victory victories win wins result results defeat".split())
#: What a mission is ordered to do, or what is ordered of it, when it is sent away.
_OUSTING = frozenset("leave withdraw suspend halt stop quit withdrawal departure expulsion".split())
_OFFICIALS = frozenset(
    "governor minister ministers official officials chief commander general mayor judge prosecutor".split()
)
#: Spans of time given as a deadline ("gave the junta one week to ...").
_SPANS = frozenset("hour hours day days week weeks month months deadline ultimatum".split())


def _deadline(tok: Token) -> bool:
    """A to-clause of what must be done by then, on the verb or on the span ("72 hours to hand over")."""
    spans = [c for c in _children(tok) if c.dep_ in ("dobj", "npadvmod", "dative")]
    return any(
        c.dep_ in ("xcomp", "advcl", "relcl", "acl") and any(a.lower_ == "to" for a in _children(c))
        for t in (tok, *spans)
        for c in _children(t)
    )


_MEASURES_IN_FORCE = frozenset(("sanctions", "restriction", "blockade", "emergency"))
_DEVICES = frozenset("bomb bombs device devices explosive explosives mine mines".split())


_COURTS = frozenset("court courts tribunal tribunals icj".split())


_DELEGATES = frozenset(
    "council leaders ministers officials delegates envoys negotiators diplomats representatives".split()
)


def light_sense(tok: Token) -> str | None:
    """What a light verb means by its frame, where its object names no act.

    Holding or finding someone responsible or guilty, taking someone to court (CAMEO 112, 115, 116);
    delegates gathering (04); troops sent to a peacekeeping or protection force (074).
    """
    lem = phrasal(tok, preps=False)
    if lem in TRANSFER and _extradited(tok):
        return "COOPERATE"  # sending a suspect to face charges abroad (063)
    kids = list(_children(tok))
    dobj = next((c for c in kids if c.dep_ == "dobj"), None)
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    if (said := idiom(tok, lem, dobj) or arrival(tok, lem, subj)) is not None:
        return said
    pobjs = {
        (c.lower_, _lemma(g)) for c in kids if c.dep_ == "prep" for g in _children(c) if g.dep_ == "pobj"
    }
    if lem == "take" and {("to", "street"), ("to", "streets")} & pobjs:
        return "PROTEST"  # taking to the streets (141)
    if lem == "go" and {("on", "strike"), ("on", "rampage"), ("on", "hunger")} & pobjs:
        return "PROTEST"  # going on strike or on the rampage (143, 145)
    if lem == "quit" and dobj is None:
        return "CONCEDE"  # a leader quitting resigns (0831)
    if lem == "point" and dobj is not None and _lemma(dobj) == "finger":
        return "DISAPPROVE"  # pointing the finger at someone accuses them (112)
    if (
        lem in ("bring", "file", "institute", "initiate")
        and dobj is not None
        and _lemma(dobj) in ("case", "suit", "lawsuit", "complaint", "proceeding", "proceedings")
    ):
        return "DISAPPROVE"  # bringing a case against someone (115)
    if lem in ("grant", "give") and dobj is not None and _lemma(dobj) == "use":
        return "COOPERATE"  # granting the use of an air base (062)
    if lem in ("take", "gain", "assume", "seize") and dobj is not None and _lemma(dobj) == "control":
        return "FIGHT" if _in_combat(tok) else "COERCE"  # occupying territory (192), or in battle (190)
    if lem == "take" and ("to", "task") in pobjs:
        return "DISAPPROVE"  # taking someone to task (111)
    if lem in ("put", "issue", "make", "send") and dobj is not None and _lemma(dobj) in ("call", "appeal"):
        if any(c.lower_ == "for" for c in _children(dobj)):
            return "DEMAND"  # putting out a call for rescue teams (10)
    if lem in ("take", "make", "place", "put") and (
        dobj is not None and _lemma(dobj) == "call" or ("through", "call") in pobjs
    ):
        return "CONSULT"  # taking or returning a call (041)
    if lem in ("throw", "put") and dobj is not None and _lemma(dobj) == "weight":
        return "SUPPORT"  # throwing one's weight behind someone (053)
    if lem in ("stop", "halt") and dobj is not None and _lemma(dobj) in _CARRIERS:
        return "COERCE"  # stopping a convoy or a ship (191)
    if lem == "take" and any(c.dep_ == "prt" and c.lower_ == "in" for c in kids) and dobj is not None:
        if _lemma(dobj) in ("refugee", "refugees") or dobj.like_num:
            return "AID"  # taking in refugees (075)
    if (
        lem == "send"
        and (_object_class(tok) or ("",))[0] == "troops"
        and any(c.dep_ in ("xcomp", "advcl") and _lemma(c) == "help" for c in kids)
    ):
        return "AID"  # troops sent to help (074)
    if lem == "put" and ("on", "notice") in pobjs:
        return "THREATEN"  # putting someone on notice warns them (130)
    if lem == "put" and {("on", "hold"), ("on", "ice")} & pobjs:
        return "SANCTION"  # putting loans or mediation on hold (16)
    if lem in ("hold", "find") and any(
        c.dep_ in ("oprd", "acomp", "ccomp", "xcomp") and _lemma(c) in _BLAMED for c in kids
    ):
        return "DISAPPROVE"
    if lem == "take" and any(
        c.dep_ == "prep" and c.lower_ == "to" and any(_lemma(g) in _COURTS for g in _children(c))
        for c in kids
    ):
        return "DISAPPROVE"
    if lem in _BUILD and dobj is not None and _lemma(dobj) in _FRONTS:
        against = any(c.lower_ == "against" for c in (*kids, *_children(dobj)))
        if _lemma(dobj) == "opposition" or against:
            return "DISAPPROVE"  # building opposition or a front against someone rallies it (113)
    if lem in ("declare", "designate", "list") and any(t.lower_ == "grata" for t in _subtree(tok)):
        return "SANCTION"  # declaring diplomats persona non grata expels them (161)
    if lem in ("declare", "designate", "list") and any(
        t.lower_ == "terrorist" and _head(t).dep_ in ("oprd", "attr", "dobj", "pobj") for t in _subtree(tok)
    ):
        return "COERCE"  # designating a party a terrorist organisation bans it (1722)
    if lem in ("drop", "abandon", "withdraw") and dobj is not None and _lemma(dobj) == "opposition":
        return "CONCEDE"  # dropping one's opposition yields (080)
    if lem in ("open", "reopen") and any(
        _noun_class(g) == "monitor" or _mission(g) or _lemma(g) == "mission"
        for c in kids
        if c.dep_ == "prep" and c.lower_ == "to"
        for g in _children(c)
    ):
        return "RETREAT"  # opening a site or a region to inspectors or monitors (0862)
    if lem in ("keep", "maintain") and dobj is not None and _noun_class(dobj) in _MEASURES_IN_FORCE:
        return "REJECT"  # keeping an embargo or a curfew in place refuses to ease it (124)
    if lem == "pull" and dobj is not None and _lemma(dobj) == "plug":
        on = [g for c in kids if c.dep_ == "prep" and c.lower_ == "on" for g in _children(c)]
        ties = any(_noun_class(g) in ("talks", "agreement", "aid", "cooperation") for g in on)
        return "SANCTION" if ties else "COERCE"  # pulling the plug on talks (16), on the internet (172)
    if lem == "set_off" and dobj is not None and _lemma(dobj) in _DEVICES:
        return "ASSAULT"  # setting off bombs (183)
    if lem == "put" and dobj is not None and _lemma(dobj) in ("name", "names", "signature"):
        if any(_noun_class(g) == "agreement" for c in kids if c.lower_ == "to" for g in _children(c)):
            return "SUPPORT"  # putting one's name to an agreement signs it (057)
    if lem in ("give", "cede", "yield", "concede") and dobj is not None and _lemma(dobj) == "ground":
        return "CONCEDE"  # giving ground (080)
    if lem == "give" and dobj is not None and _lemma(dobj) == "way":
        return "CONCEDE"  # giving way (080)
    if lem == "drop" and any(
        c.lower_ == "from" and any(_noun_class(g) == "aid" for g in _children(c)) for c in kids
    ):
        return "SANCTION"  # dropping people from food assistance cuts aid (162)
    undone = dobj if dobj is not None else next((c for c in kids if c.dep_ == "nsubjpass"), None)
    if lem in _REVERSE and undone is not None and _lemma(undone) in POLICIES:
        return "CONCEDE"  # shelving a pension reform, ditching a finance bill (0832)
    if lem == "pour" and dobj is not None and _lemma(dobj) == "water":
        if any(_lemma(c) == "cold" for c in _children(dobj)):
            return "REJECT"  # pouring cold water on a proposal (120)
    if lem in ("turn", "apply", "appeal") and any(c.lower_ == "for" for c in kids if c.dep_ == "prep"):
        if lem != "turn" or any(c.lower_ == "to" for c in kids if c.dep_ == "prep"):
            return "DEMAND"  # turning to the IMF for help, applying for support (1031)
    if lem in ("cast", "portray", "paint", "depict") and any(
        _lemma(g) in _ROLES for c in kids if c.lower_ == "as" for g in _children(c)
    ):
        return "DISAPPROVE"  # casting a neighbour as the aggressor (112)
    if lem == "amount" and any(_lemma(g) in _CHARGES for c in kids if c.lower_ == "to" for g in _subtree(c)):
        return "DISAPPROVE"  # "amounted to collective punishment" (112)
    if lem in ("remove", "strike", "delete", "take") and any(
        _lemma(g) == "list" for c in kids if c.lower_ in ("from", "off") for g in _children(c)
    ):
        return "CONCEDE"  # taking parties off a terrorist list, dissidents off a travel ban list (081)
    if lem == "hold" and dobj is not None and _lemma(dobj) == "fire":
        return "RETREAT"  # holding one's fire observes a truce (0871)
    if lem in ("speak", "talk", "confer") and {("by", "telephone"), ("by", "phone")} & pobjs:
        return "CONSULT"  # speaking by telephone (041)
    if lem in ("land", "arrive", "fly", "come") and {("for", w) for w in ("visit", "tour", "talks")} & pobjs:
        return "CONSULT"  # arriving for a visit or talks (042)
    if lem in ("bear", "carry", "shoulder") and dobj is not None and _lemma(dobj) in _BLAME:
        return "DISAPPROVE"  # "X bears full responsibility" (112)
    if (
        lem in ("push", "pressure", "pressurise", "pressurize", "nudge")
        and dobj is not None
        and any(
            c.dep_ == "xcomp" or c.dep_ == "advcl" and any(a.lower_ == "to" for a in _children(c))
            for c in kids
        )
    ):
        return "DEMAND"  # pushing someone to do something (10)
    if lem in ("gather", "assemble", "convene") and subj is not None and _lemma(subj) in _DELEGATES:
        return "CONSULT"
    if lem == "down" and dobj is not None and _lemma(dobj) in ("tool", "tools"):
        return "PROTEST"  # downing tools is a strike, whoever does it (143)
    if lem == "stop" and dobj is not None and _lemma(dobj) == "work" and _crowd(subj):
        return "PROTEST"  # workers stopping work or downing tools strike (143)
    out = any(c.lower_ == "out" and c.dep_ in ("prt", "advmod", "prep") for c in kids)
    if lem in ("push", "drive") and out:
        moved = dobj if dobj is not None else next((c for c in kids if c.dep_ == "nsubjpass"), None)
        if moved is not None and (_noun_class(moved) == "troops" or _lemma(moved) in _ARMED):
            return "FIGHT"  # pushing an army or a militia out of a region is fighting it (19)
    if (
        lem in _SWEEP
        and any(p == "into" and w in _HELD for p, w in pobjs)
        and subj is not None
        and _noun_class(subj) == "troops"
    ):
        return "FIGHT"  # "army units swept into the rebel stronghold" (190)
    if lem == "drive" and out and dobj is not None and (_crowd(dobj) or _people(dobj)):
        return "ASSAULT"  # driving people out of their homes is mass expulsion (201)
    spans = [c for c in kids if c.dep_ in ("dobj", "npadvmod", "dative") and _lemma(c) in _SPANS]
    if lem in ("give", "set") and spans and _deadline(tok):
        return "THREATEN"  # "gave the junta one week to restore ...": an ultimatum (139)
    if lem in ("raise", "lift", "increase") and dobj is not None and _lemma(dobj) in ("level", "alert"):
        return "MOBILIZE"  # raising an alert or a threat level (151, 152)
    if lem in ("spring", "leap", "rush", "come") and {("to", "defence"), ("to", "defense")} & pobjs:
        return "SUPPORT"  # springing to someone's defence (053)
    if lem in ("stay", "keep") and any(
        c.lower_ == "out"
        and any(_lemma(g) in _VOTES for o in _children(c) if o.lower_ == "of" for g in _children(o))
        for c in kids
    ):
        return "PROTEST"  # staying out of an election boycotts it (1434)
    if lem == "keep" and any(c.dep_ in ("oprd", "acomp", "xcomp") and _lemma(c) == "confine" for c in kids):
        return "COERCE"  # keeping dissidents confined to their homes (173)
    if lem == "let" and any(c.dep_ in ("ccomp", "xcomp") and _lemma(c) in ("lapse", "expire") for c in kids):
        return "RETREAT" if dobj is None or _noun_class(dobj) == "emergency" else None  # (0814)
    if lem in ("remove", "oust", "dismiss") and ("from", "office") in pobjs:
        return "COERCE"  # removing elected officials from office (172)
    if lem == "push" and any(c.lower_ == "back" for c in kids) and dobj is not None and _people(dobj):
        return "COERCE"  # pushing migrants back across a border deports them (174)
    if lem in ("send", "post", "dispatch", "fly") and (_object_class(tok) or ("",))[0] == "troops":
        if any(_mission(g) or _lemma(g) in ("peacekeeping", "protection", "mission") for g in _subtree(tok)):
            return "AID"
    return None


def frame_sense(tok: Token, act: str) -> str:
    """What a frame verb does with its object.

    Ordering troops mobilises them (CAMEO 15), withholding aid reduces it (162), refusing food is a
    hunger strike (142).
    """
    lem = _lemma(tok)
    wide = _object_class(tok)
    ocls = wide[0] if wide is not None else None
    obj = next((c for c in _children(tok) if c.dep_ in ("dobj", "nsubjpass")), None)
    if lem == "order" and obj is not None:
        leave = [g for g in _subtree(tok) if g.dep_ in ("xcomp", "ccomp") and _lemma(g) in _LEAVE]
        if any(c.lower_ == "out" and c.dep_ in ("prep", "prt", "advmod") for c in _children(tok)):
            leave.append(tok)  # "ordered Oxfam out of Darfur"
        outsiders = any(
            _mission(g) or _noun_class(g) in ("monitor", "aid", "relations") or g.lower_ in ("u.n.", "un")
            for g in _subtree(obj)
        )
        own = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in _children(obj))  # "his troops"
        if (
            leave
            and not own
            and (ocls in ("relations", "monitor", "aid", "troops") or obj.pos_ == "PROPN" or outsiders)
        ):
            return "SANCTION"  # ordering an embassy or a mission out (CAMEO 166)
    if lem == "order" and ocls in ("emergency", "detention", "blockade", "restriction", "seizure"):
        return "COERCE"  # ordering a curfew, a siege or someone's detention imposes it (17)
    if (
        lem == "order"
        and obj is not None
        and any(
            c.dep_ == "xcomp" and (VERBS.get(phrasal(c)) or ("", ""))[1] == "COERCE" for c in _children(tok)
        )
    ):
        return "COERCE"  # ordering telecom operators to block a platform (172)
    if lem in ("press", "push") and ocls == "attack" and not any(c.dep_ == "xcomp" for c in _children(tok)):
        return "FIGHT"  # "pressed their offensive": pursuing an attack, not urging anyone (19)
    if lem == "order" and ocls == "troops":
        return "MOBILIZE"  # ordering forces to readiness or to a border (CAMEO 15)
    if lem in ("recognise", "recognize", "accept", "concede") and obj is not None and _lemma(obj) in _WINS:
        return "CONCEDE"  # recognising the opposition's victories accepts the results (0833)
    if (
        lem == "order"
        and obj is not None
        and (_lemma(obj) in MISSIONS or _lemma(_of(obj) or obj) in MISSIONS)
    ):
        # "ordered aid agencies to suspend field work", "ordered the withdrawal of the U.N. mission" (166)
        if _lemma(obj) in _OUSTING or any(_lemma(c) in _OUSTING for c in _children(tok) if c.dep_ == "xcomp"):
            return "SANCTION"
    if lem == "order" and ocls == "inquiry":
        return "INVESTIGATE"
    if lem == "approve" and ocls == "concession":
        return "CONCEDE"  # approving an amnesty (081)
    if lem == "accept" and any(c.dep_ == "ccomp" and _lemma(c) == "lose" for c in _children(tok)):
        return "CONCEDE"  # accepting that one has lost an election (080)
    if lem in ("dismiss", "sack") and obj is not None and _lemma(obj) in _OFFICIALS:
        return "COERCE"  # dismissing a governor removes him (172), dismissing a claim rejects it
    if lem == "scrap" and obj is not None and _lemma(obj) in POLICIES:
        return "CONCEDE"  # scrapping a planned price rise (0832)
    if lem == "accept" and ocls == "demand":
        return "CONCEDE"  # accepting demands accedes to them (083)
    if lem == "summon" and any(
        c.lower_ == "for" and any(_noun_class(g) == "talks" for g in _children(c)) for c in _children(tok)
    ):
        return "CONSULT"  # summoning party leaders for consultations (040)
    if lem == "summon" and any(
        c.dep_ in ("xcomp", "advcl") and _lemma(c) in _COMPLAIN for c in _children(tok)
    ):
        return "DISAPPROVE"  # summoning an envoy to complain (114)
    if lem == "summon" and ocls == "relations":
        return "DISAPPROVE"  # summoning an ambassador is an official complaint (CAMEO 114)
    preps = {c.lower_ for c in _children(tok) if c.dep_ == "prep"}
    if lem == "welcome" and "to" in preps:
        return "CONSULT"  # welcoming a visitor to a place is hosting a visit (043)
    if lem == "forgive" and ocls == "aid":
        return "AID"  # forgiving debt is economic aid (071)
    if lem == "dismiss" and obj is not None and _lemma(obj) in _STAFF:
        return "COERCE"  # dismissing civil servants is an administrative sanction (172)
    if lem == "blast" and obj is not None and _lemma(obj) in _SITES:
        return "FIGHT"  # warplanes blasted barracks
    if (
        lem in ("ask", "beg", "seek")
        and ocls is None
        and any(
            _lemma(g) in ("forgiveness", "pardon")
            for c in _children(tok)
            for g in (c, *_children(c))
            if c.dep_ in ("prep", "dobj")
        )
    ):
        return "SUPPORT"  # asking forgiveness is an apology (055)
    if lem == "seek" and ocls == "inquiry":
        return "INVESTIGATE"  # seeking evidence (09)
    if phrasal(tok) == "sign_off":
        lem = "approve"  # signing off on a package approves it
    if lem == "approve" and ocls == "troops":
        return "MOBILIZE"  # approving a mobilisation or a deployment (15)
    if lem == "approve" and ocls == "aid":
        return "AID"  # approving asylum applications or a loan (07)
    if (
        lem == "call"
        and "on" in preps
        and not any(g.dep_ in ("xcomp", "ccomp", "advcl") and g.pos_ == "VERB" for g in _subtree(tok))
    ):
        return "CONSULT"  # "called on President Mandela in Pretoria": a visit (042)
    if lem == "withhold" and ocls in ("aid", "support"):
        return "SANCTION"  # withholding aid reduces it (162)
    if lem == "refuse" and obj is not None and _lemma(obj) in ("food", "meal", "meals"):
        return "PROTEST"  # a hunger strike (142)
    if lem == "shun" and obj is not None and _lemma(obj) in _VOTES:
        return "PROTEST"  # boycotting an election (143)
    return act
