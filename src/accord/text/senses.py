"""Sense rules that split a verb by its arguments, and the violence rules (FIGHT, ASSAULT or a riot).

Split from :mod:`accord.text.coder`, which calls them; the word lists are general English and the
distinctions are CAMEO's (killing in a battle is fighting, by a bomb an assault; expelling diplomats
reduces relations, expelling people coerces them).
"""

from __future__ import annotations

import re
from typing import Any

from .idioms import arrival
from .objects import (
    CHEMICAL,
    CIVILIANS,
    HEAVY_ARMS,
    HOMES,
    IRREGULARS,
    KEEPERS,
    NEEDY,
    OBSTACLES,
    PERSONS,
    PUBLICATIONS,
    RIOT_GEAR,
    TITLES,
    VERBAL_TARGETS,
)
from .tokens import (
    _CROWD,
    POLICIES,
    _children,
    _crowd,
    _head,
    _lemma,
    _mission,
    _noun_class,
    _object_class,
    _sentence,
    _subtree,
    natural,
    phrasal,
)

Token = Any  # spacy.tokens.Token

_COMPLEMENT = ("ccomp", "xcomp", "parataxis")

#: Crowds whose violence is a riot (CAMEO 145), and the acts that make one: not killing or beating.
_RIOTERS = _CROWD - {"union", "unions", "opposition", "prisoners", "inmates", "refugees", "employees"}
_RIOT = frozenset(
    "storm battle clash fight torch burn loot ransack vandalize vandalise hurl throw occupy "
    "block barricade set blockade".split()
)
#: Verbs of violence whose category turns on the victim; torture or rape is ASSAULT whoever does it.
_VIOLENT = frozenset("kill shoot fire open storm attack wound injure execute ambush".split())


def _victims(tok: Token) -> list[Token]:
    """The objects of a violent verb: direct objects and the objects of on/at/into/against.

    With their conjuncts, compounds, and ``of`` and ``on`` phrases ("fire on the convoy of a minister").
    """
    out = []
    for c in _children(tok):
        if c.dep_ in ("dobj", "nsubjpass"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("on", "at", "into", "against", "upon"):
            out += [g for g in _children(c) if g.dep_ == "pobj"]
    for o in list(out):
        out += [g for g in _children(o) if g.dep_ in ("conj", "compound", "appos")]
        of = next((g for g in _children(o) if g.dep_ == "prep" and g.lower_ == "of"), None)
        if of is not None:
            out += [g for g in _children(of) if g.dep_ == "pobj"]
        for prep in (g for g in _children(o) if g.dep_ == "prep" and g.lower_ in ("on", "at")):
            out += [g for g in _children(prep) if g.dep_ == "pobj"]
    for t in _subtree(tok):  # "opened fire with live rounds on demonstrators marching ...": the marchers
        if t.dep_ == "nsubj" and _head(t).dep_ == "pcomp" and _head(_head(t)).lower_ in ("on", "at"):
            out.append(t)
    return out


def _who(subj: Token | None) -> Token | None:
    """The people a quantity stands for: "hundreds of settlers" -> settlers (else the subject itself)."""
    if subj is not None and _lemma(subj) in _QUANTITIES:
        of = next((c for c in _children(subj) if c.dep_ == "prep" and c.lower_ == "of"), None)
        people = next((g for g in _children(of) if g.dep_ == "pobj"), None) if of is not None else None
        return people if people is not None and people.pos_ == "NOUN" else subj
    return subj


_SETTLERS = frozenset("settler settlers vigilante vigilantes".split())
_QUANTITIES = frozenset("hundred hundreds thousand thousands dozen dozens ten tens score scores".split())


def violence(tok: Token, act: str) -> str:
    """FIGHT or ASSAULT by the victim, PROTEST by the crowd.

    CAMEO 19 is force against armed forces (or by aircraft and artillery, whoever they hit); 18 and 175
    are violence against civilians or by irregular attackers; 145 is a riot by protesters.
    """
    subj = _who(next((c for c in _children(tok) if c.dep_ == "nsubj"), None))
    lem = _lemma(tok)
    if subj is not None and _lemma(subj) in _SETTLERS and lem in _RIOT:
        return "ASSAULT"  # settlers or vigilantes torching homes: no riot of protesters (1712)
    if _crowd(subj, _RIOTERS) and lem in _RIOT:
        return "PROTEST"  # "protesters stormed parliament", "youths torched cars"
    if act != "FIGHT" or lem not in _VIOLENT:
        return act
    words = {t.lower_ for t in _subtree(tok)}
    if words & CHEMICAL:
        return "ASSAULT"  # chemical weapons, whoever fires them at whom (2041)
    if subj is not None and (
        _lemma(subj) in HEAVY_ARMS or subj.lower_ in HEAVY_ARMS or _noun_class(subj) == "attack"
    ):
        return act  # aircraft, artillery, air strikes: conventional force whoever they hit (194, 195)
    agent = next(
        (g for c in _children(tok) if c.dep_ == "agent" for g in _children(c) if g.dep_ == "pobj"), None
    )
    if subj is not None and _lemma(subj) in IRREGULARS or agent is not None and _lemma(agent) in IRREGULARS:
        return "ASSAULT"
    if words & RIOT_GEAR:
        return "ASSAULT"  # tear gas, batons, rubber bullets: violent repression of a crowd (175)
    for v in _victims(tok):
        military = any(_noun_class(g) == "troops" for g in _children(v) if g.dep_ in ("compound", "amod"))
        titled = (
            _lemma(v) in TITLES
            or v.pos_ == "PROPN"
            and any(_lemma(g) in TITLES for g in _children(v) if g.dep_ == "compound")
        )
        if (_lemma(v) in CIVILIANS or v.lower_ in CIVILIANS or titled) and not military:
            return "ASSAULT"  # civilians, or a named person (an assassination, 186)
    return act


def _people(tok: Token) -> bool:
    """A noun for people (not property): "two Italian engineers", "foreigners", a named person."""
    return _lemma(tok) in PERSONS or tok.lower_ in PERSONS or tok.ent_type_ == "PERSON"


def _armed_hit(tok: Token, subj: Token | None, obj: Token | None) -> bool:
    """Whether "hit" is an attack: by aircraft, artillery or troops, or on military sites."""
    agents = [subj] if subj is not None else []
    agents += [g for c in _children(tok) if c.dep_ == "agent" for g in _children(c) if g.dep_ == "pobj"]
    if any(_lemma(a) in HEAVY_ARMS or _noun_class(a) in ("troops", "attack") for a in agents):
        return True
    target = obj or next((c for c in _children(tok) if c.dep_ == "nsubjpass"), None)
    return target is not None and _lemma(target) in _SITES


_RULES = frozenset("decree decrees law laws ban bans rule rules order regulation regulations".split())
#: Policies a government withdraws when it yields (CAMEO 0832).
_MEASURES = _RULES | POLICIES
#: Powers and claims one yields by surrendering them (CAMEO 080); weapons or towns surrendered are 0874.
_YIELDED = frozenset("power monopoly claim claims right rights post seat office leadership".split())


def _in_combat(tok: Token) -> bool:
    """An act done in or after combat ("seized the town after a two-pronged assault")."""
    return any(
        c.dep_ == "prep" and c.lower_ in ("after", "following", "in") and _noun_class(g) == "attack"
        for c in _children(tok)
        for g in _children(c)
    )


_VEHICLES = frozenset("ferry ship vessel plane airliner aircraft bus train boat tanker jet".split())
_INHABITANTS = frozenset("inhabitant inhabitants population populations residents".split())


_FIGHTERS = frozenset("fighter fighters militia militias militiaman militiamen troops".split())
_KEEPERS = KEEPERS | {"battalion"}
_VOTES = frozenset("election elections vote poll polls referendum ballot talks session class classes".split())


_AUTHORITIES = frozenset(
    "authority authorities police prosecutor prosecutors investigator investigators court tribunal "
    "fbi interpol marshal marshals agent agents".split()
)
#: Verbs that give something, and people sent to help: with a recipient they make aid (CAMEO 07).
TRANSFER = frozenset("deliver supply provide ship donate give contribute send dispatch fly hand".split())
HELPERS = frozenset(
    "doctor doctors nurse nurses medic medics rescuer rescuers engineer engineers expert experts "
    "volunteer volunteers surgeon surgeons".split()
)


_BROKERS = frozenset("envoy mediator negotiator broker facilitator".split())


def _extradited(tok: Token) -> bool:
    """A person sent "to face charges" or to a court or tribunal: an extradition."""
    obj = next((c for c in _children(tok) if c.dep_ == "dobj"), None)
    if obj is None or not (obj.pos_ == "PROPN" or _lemma(obj) in _SUSPECTS):
        return False
    face = any(c.dep_ in ("advcl", "xcomp") and _lemma(c) in ("face", "stand") for c in _children(tok))
    return face or _recipient(tok, _AUTHORITIES)


_SUSPECTS = frozenset("suspect suspects fugitive fugitives warlord warlords general".split())


def _recipient(tok: Token, whom: frozenset[str] | None = None) -> bool:
    """Whether a giving verb names who receives: "to X", a dative, or "supplied X with Y"."""
    for c in _children(tok):
        if c.dep_ == "dative" and whom is None:
            return True
        if c.dep_ == "prep" and c.lower_ in ("to", "with"):
            pobj = next((g for g in _children(c) if g.dep_ == "pobj"), None)
            if pobj is not None and (whom is None or _lemma(pobj) in whom or pobj.lower_ in whom):
                return True
    if whom is not None:  # "turned over records of accounts ... to investigators": the "to" may hang lower
        return any(
            c.dep_ == "prep"
            and c.lower_ == "to"
            and any(_lemma(g) in whom for g in _children(c) if g.dep_ == "pobj")
            for c in _subtree(tok)
        )
    return False


def joint(tok: Token, top: Token) -> bool:
    """A joint act: "joint exercises", "coordinated patrols", "worked together", "jointly" (CAMEO 06)."""
    t: Token | None = tok
    for _ in range(6):
        if t is None:
            break
        for c in _children(t):
            if c.dep_ in ("amod", "advmod") and c.lower_ in _JOINT:
                return True
        if t.i == top.i or _head(t).i == t.i:
            break
        t = _head(t)
    return False


_JOINT = frozenset("joint jointly together coordinated combined".split())


_CARRIERS = frozenset(
    "convoy convoys ship ships vessel vessels flotilla truck trucks lorry lorries boat boats".split()
)
_SITES = frozenset("site sites barrack barracks position positions base bases target targets".split())


_MOTIONS = frozenset("suggestion bid resolution motion bill draft".split())  # shot down in a vote (12)
_SCORE = re.compile(r"\b\d{1,3} ?- ?\d{1,3}\b")  # a match's result, "2-0"
_ARMS_SOLD = HEAVY_ARMS | {"arms", "weapon", "weapons", "fighter", "fighters"}  # sold abroad: aid (072)


def _sense(tok: Token, act: str) -> str | None:
    """Split the senses of a few verbs by their arguments (general English, CAMEO's distinctions)."""
    lem = phrasal(tok)  # "turn over", "call up", "throw out", "shipped out of"
    obj = next((c for c in _children(tok) if c.dep_ == "dobj"), None)
    ocls = _noun_class(obj) if obj is not None else None
    preps = {c.text.lower(): c for c in _children(tok) if c.dep_ == "prep"}
    subj = next((c for c in _children(tok) if c.dep_ == "nsubj"), None)
    if lem in ("meet", "concede") and ocls == "demand":
        return "CONCEDE"  # acceding to demands (CAMEO 083)
    if lem == "attack" and obj is not None and _lemma(obj) in VERBAL_TARGETS:
        return "DISAPPROVE"
    if lem == "protest":
        crowd = subj is not None and (_lemma(subj) in _CROWD or subj.like_num)
        return "PROTEST" if crowd or not ("to" in preps or obj is not None) else "DISAPPROVE"
    if lem == "rally":
        if obj is not None and (_noun_class(obj) == "troops" or _lemma(obj) in _FIGHTERS):
            return "MOBILIZE"  # rallying fighters
        who = subj or next((c for c in _children(_head(tok)) if c.dep_ == "nsubj"), None)
        if _crowd(who) or who is not None and who.like_num:
            return "PROTEST"
        if "against" in preps or obj is not None and any(c.lower_ == "against" for c in _children(obj)):
            return "DISAPPROVE"  # rallying others against a target (113)
        return "SUPPORT" if obj is not None or {"behind", "around"} & set(preps) else "PROTEST"
    if lem == "demonstrate" and obj is not None:
        return None
    if lem == "block" and obj is None:  # "the road was blocked by thousands of supporters"
        obj = next((c for c in _children(tok) if c.dep_ == "nsubjpass"), None)
        agent = next((c for c in _children(tok) if c.dep_ == "agent"), None)
        subj = next((g for g in _children(agent) if g.dep_ == "pobj"), None) if agent is not None else subj
    if lem == "block" and obj is not None and _lemma(obj) in _CARRIERS:
        return "COERCE"  # blocking a convoy or a ship (191)
    if lem == "block":
        if obj is not None and _lemma(obj) in OBSTACLES and not _crowd(subj) and _lemma(obj) == "access":
            return "COERCE"  # authorities blocking access (a website, a region) restrict it (172)
        return "PROTEST" if obj is not None and _lemma(obj) in OBSTACLES else "REJECT"
    if lem == "seize" and obj is not None and (_people(obj) or ocls == "prisoner"):
        return "ASSAULT"  # seizing people is abduction (181); seizing property COERCE (171)
    if lem in ("seize", "commandeer") and obj is not None and _lemma(obj) in _VEHICLES:
        hostile = subj is not None and _lemma(subj) in IRREGULARS or "gunpoint" in tok.doc.text
        if hostile:
            return "ASSAULT"  # gunmen commandeering a ferry hijack it (181)
    if lem in ("seize", "capture", "overrun") and _in_combat(tok):
        return "FIGHT"  # a town taken after street battles (190); taken without a fight is occupied (192)
    if lem == "purge" and any(
        c.lower_ == "of" and any(_people(g) or _lemma(g) in _INHABITANTS for g in _children(c))
        for c in _children(tok)
    ):
        return "ASSAULT"  # purging towns of their inhabitants is ethnic cleansing (203)
    if act == "COERCE" and any(
        c.lower_ == "in" and any(_lemma(g) == "strike" and _noun_class(g) == "protest" for g in _children(c))
        for c in _children(tok)
    ):
        return "PROTEST"  # shutting down an industry in a strike (143)
    who = subj if subj is not None or tok.dep_ != "acl" else _head(tok)  # "600 peacekeepers deployed in"
    if (came := arrival(tok, lem, who)) is not None:
        return came
    if lem == "deploy" and obj is not None and _lemma(obj) in _KEEPERS:
        return "AID"  # peacekeepers deployed to protect civilians (074)
    if lem in ("expel", "evict") and any(_lemma(g) in HOMES for p in preps.values() for g in _children(p)):
        return "ASSAULT"  # driving people from their homes or villages is mass expulsion (201)
    if lem in ("sell", "export"):
        buyer = any(c.lower_ == "to" and c.dep_ in ("prep", "dative") for c in _children(tok))
        if obj is not None and _lemma(obj) in _ARMS_SOLD:
            return "AID" if buyer else None  # arms sold to someone (072); made for sale, no act
        return "COOPERATE" if buyer else None  # a firm selling shares is nobody's act
    if lem in ("exchange", "swap") and ocls in ("attack", "prisoner"):
        return "FIGHT" if ocls == "attack" else "RETREAT"  # exchanging fire (19), prisoners (0841)
    if lem == "return" and any(
        _noun_class(g) == "talks" for c in _children(tok) if c.dep_ == "prep" for g in _children(c)
    ):
        return "CONSULT"  # returning to talks
    if subj is not None and natural(subj):
        return None  # "cholera has killed", "the rainy season cuts off roads": no one acted
    if lem == "strip":
        # stripping a country of aid cuts the aid (162); of a post, a licence or rights, coerces (172)
        of = [g for c in _subtree(tok) if c.dep_ == "prep" and c.lower_ == "of" for g in _subtree(c)]
        return "SANCTION" if any(_noun_class(g) == "aid" for g in of) else act
    if lem == "evacuate" and obj is not None and (_people(obj) or _lemma(obj) in NEEDY):
        return "AID"  # evacuating the wounded or civilians is humanitarian aid (073)
    if lem in ("expel", "throw_out", "kick_out", "force_out") and obj is not None:
        # expelling diplomats, peacekeepers, inspectors or aid agencies reduces relations (CAMEO 166)
        wide = _object_class(tok)
        wcls = wide[0] if wide is not None else ocls
        if wcls in ("agreement", "willingness", "demand"):
            return "REJECT"  # throwing out a deal or a proposal (120)
        if wcls in ("relations", "prisoner", "aid", "monitor", "inquiry") or any(
            _mission(g) for g in _subtree(obj)
        ):
            return "SANCTION"  # the head of a monitoring mission too (1662)
        return "COERCE"
    if (
        lem == "fire"
        and tok.i >= 2
        and _sentence(tok)[tok.i - 1].text == "-"
        and _sentence(tok)[tok.i - 2].lower_ == "test"
    ):
        return "MOBILIZE"  # test-firing missiles is a show of force (150)
    if lem == "shoot_down" and obj is not None and _lemma(obj) in VERBAL_TARGETS | _MOTIONS:
        return "REJECT"  # shooting down an idea (120)
    if lem == "evacuate" and ocls == "monitor":
        return "SANCTION"  # pulling out observers or verifiers (1662)
    if lem in ("step_down", "stand_down") and any(
        c.lower_ == "as" and any(_lemma(g) in _BROKERS for g in _children(c)) for c in _children(tok)
    ):
        return "SANCTION"  # a mediator stepping down halts mediation (165)
    if lem == "shelter" and obj is None:
        return None  # "sheltering with host families": people taking shelter, no one giving it
    if lem in ("lend", "muster", "give", "drum_up") and ocls == "support":
        return "SUPPORT"  # lending backing, mustering support (05)
    if lem in ("return", "unblock", "hand_back", "give_back") and ocls == "rights":
        return "CONCEDE"  # returning a passport, unblocking websites (081, 0811)
    if lem in ("hand_over", "turn_over") and _extradited(tok):
        return "COOPERATE"  # handing a suspect over to stand trial abroad (063)
    if (
        lem in ("close_down", "shut_down", "pick_up")
        and obj is None
        and not any(c.dep_ == "nsubjpass" for c in _children(tok))
    ):
        return None  # "schools closed down", "the plant shut down": nothing done to anyone
    if lem == "pick_up" and not (obj is not None and (obj.pos_ == "PROPN" or _people(obj) or _crowd(obj))):
        return None  # picking up a person detains them; picking up the pieces does not
    if lem == "withdraw" and ocls in ("criticism", "rejection", "demand"):
        return "CONCEDE"  # withdrawing objections or charges against a dissident (080, 081)
    if lem in ("withdraw", "pull_out", "pull_back", "ship_out", "bring_home", "bring_back"):
        if obj is None:  # "peacekeepers were shipped out": the passive subject is what is withdrawn
            obj = next((c for c in _children(tok) if c.dep_ == "nsubjpass"), None)
            ocls = _noun_class(obj) if obj is not None else None
        frm = preps.get("from") or preps.get("of")
        if frm is None and "out" in preps:  # "pulled out of the talks": "of" hangs on "out"
            frm = next((c for c in _children(preps["out"]) if c.lower_ in ("of", "from")), None)
        if frm is None and obj is not None:  # "withdrawing its paratroopers from the UN force"
            frm = next((c for c in _children(obj) if c.dep_ == "prep" and c.lower_ == "from"), None)
        pobj = next((g for g in _children(frm) if g.dep_ == "pobj"), None) if frm is not None else None
        mission = pobj is not None and _mission(pobj)
        wide = _object_class(tok)
        if obj is not None and _lemma(obj) in _MEASURES:
            return "CONCEDE"  # withdrawing a bill or a decree changes policy (0832)
        if (
            ocls in ("relations", "support", "aid", "monitor")
            or wide is not None
            and wide[0] in ("relations", "monitor")
            or mission
            or (pobj is not None and _noun_class(pobj) in ("talks", "agreement"))
        ):
            return "SANCTION"  # from talks, a mission, an agreement (164, 1661)
    if lem == "revoke" and obj is not None:
        # revoking a decree or a ban eases it (081); an accord or membership reduces relations (16);
        # licences, credentials, citizenship: an administrative sanction (172)
        wide = _object_class(tok)
        wcls = wide[0] if wide is not None else ocls
        if wcls == "emergency":
            return "RETREAT"  # revoking a state of emergency (0814)
        if _lemma(obj) in _RULES or wcls == "restriction":
            return "CONCEDE"
        if wcls in ("agreement", "relations", "cooperation"):
            return "SANCTION"
    if lem == "disband" and obj is None:
        return "RETREAT"  # an armed group disbanding itself demobilises (0873)
    if lem == "give_up" and obj is not None and obj.lower_ in ("themselves", "himself", "herself"):
        return "RETREAT"  # fighters giving themselves up surrender (0874)
    if (
        lem == "surrender"
        and obj is not None
        and (_noun_class(obj) not in ("aid", "troops", None) or _lemma(obj) in _YIELDED)
    ):
        return "CONCEDE"  # surrendering a monopoly or a claim yields (080)
    if lem == "stand_down" and not (subj is not None and _noun_class(subj) == "troops"):
        return "CONCEDE"  # a leader standing down resigns (0831); troops standing down retreat
    if lem == "release" and obj is not None and _lemma(obj) in PUBLICATIONS:
        return None
    if lem == "return" and obj is None:
        return None
    if lem == "receive" and (
        ocls == "monitor" or ocls == "troops" or obj is not None and _lemma(obj) in _KEEPERS
    ):
        return "RETREAT"  # receiving peacekeepers or inspectors allows international involvement (0861-2)
    if lem == "receive" and ocls not in (None, "talks"):
        return None
    if lem in ("visit", "tour") and obj is not None and obj.pos_ != "PROPN" and not obj.ent_type_:
        return None  # visiting a front or a factory is no diplomatic visit
    if lem == "charge" and (obj is None or any(c.dep_ in _COMPLEMENT for c in _children(tok))):
        return "DISAPPROVE"  # "X charged that ...": an accusation, not a legal charge
    if act == "ASSAULT" and lem in ("kill", "wound", "injure", "maim"):
        # Killing or wounding in a military engagement is fighting (CAMEO 19), by a bombing an assault (18).
        for c in _children(tok):
            if c.dep_ == "prep" and c.lower_ in ("in", "during"):
                means = next((g for g in _children(c) if g.dep_ == "pobj"), None)
                mcls = _noun_class(means) if means is not None else None
                if mcls == "attack":
                    return "FIGHT"
                if mcls == "bombing":
                    return "ASSAULT"
        if (
            subj is not None
            and _noun_class(subj) in ("troops", "attack")
            and _lemma(tok) in ("kill", "wound", "injure")
            and (_noun_class(subj) == "attack" or not any(_lemma(v) in CIVILIANS for v in _victims(tok)))
        ):
            return "FIGHT"  # "troops killed", "air strikes killed": but killing civilians is repression
    if lem in ("suspend", "freeze"):
        # suspending sanctions eases them (085); suspending aid, talks or ties reduces relations (16);
        # suspending a constitution, officials or a newspaper is an administrative sanction (172)
        wide = _object_class(tok)
        wcls = wide[0] if wide is not None else None
        if wcls in ("attack", "sanctions") and lem == "suspend":
            return "RETREAT"
        if lem == "suspend" and (wcls == "protest" or obj is not None and _lemma(obj) in _MEASURES):
            return "CONCEDE"  # suspending a strike eases dissent (082), a tax rise changes policy (0832)
        if wcls in ("relations", "aid", "talks", "cooperation", "agreement", "monitor", "support"):
            return "SANCTION"
        return "SANCTION" if obj is None and lem == "suspend" else "COERCE"
    if lem == "call_up" and ocls in ("troops", "inquiry"):
        return "MOBILIZE" if ocls == "troops" else "INVESTIGATE"
    if lem == "boycott" and (obj is not None and _lemma(obj) in _VOTES or _crowd(subj, _RIOTERS)):
        return "PROTEST"  # boycotting an election or classes (143); a state's boycott is an embargo
    if lem in ("hand_over", "turn_over") and _recipient(tok, _AUTHORITIES):
        return "COOPERATE"  # handing a suspect or records to another state's authorities (063)
    if (
        lem == "hand_over"
        and obj is not None
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in _children(obj))
    ):
        return "RETREAT"  # a militia handing over its own weapons disarms (0873)
    if (
        (_object_class(tok) or ("",))[0] in (("aid", "troops") if lem == "hand_over" else ("aid",))
        and lem in ("hand_over", "release")
        and _recipient(tok)
    ):
        return "AID"  # handing missiles to an army, releasing a credit to a country (07)
    if lem == "release" and (_object_class(tok) or ("",))[0] == "aid":
        return "AID"  # releasing emergency aid, "30 million euros in humanitarian aid"
    if lem in ("beat", "defeat") and _SCORE.search(tok.doc.text):
        return None  # "Brazil beat Germany 2-0", "beating France 4-2 on penalties": a match
    if lem == "hit" and not _armed_hit(tok, subj, obj):
        return None  # "sanctions hit the economy", "a storm hit the coast": no attack
    if (
        lem == "deploy"
        and obj is not None
        and (_lemma(obj) in _KEEPERS or (_object_class(tok) or ("",))[0] == "aid")
    ):
        return "AID"  # deploying peacekeepers is protection (074)
    if lem == "release" and ocls == "bombing":
        return "ASSAULT"  # releasing nerve gas
    return act
