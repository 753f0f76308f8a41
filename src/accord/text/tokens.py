"""Token readings every rule shares: lemmas, object nouns' classes, phrasal verbs, crowds, missions.

Split from :mod:`accord.text.senses` so that the sense, frame, role and violence rules read tokens the
same way; the word lists are general English. The rules walk the parse through :func:`_children`,
:func:`_head`, :func:`_subtree` and :func:`_ancestors`, which read each sentence's tree once.
"""

from __future__ import annotations

from typing import Any

from .lexicon import OBJECT_CLASSES, VERBS

Token = Any  # spacy.tokens.Token (spaCy is an optional dependency)

_OBJECTS = ("dobj", "attr", "oprd", "dative")

_CROWD = frozenset(
    "protester protesters demonstrator demonstrators people thousands hundreds dozens students workers "
    "residents crowd crowds supporters activists farmers villagers citizens union unions women youths "
    "refugees inmates prisoners employees opposition youth pupil pupils mob mobs rioter rioters "
    "dockworker dockworkers miner miners teacher teachers trucker truckers driver drivers fishermen".split()
)


class _Tree:
    """One parsed sentence's tokens with their heads and children, each read from spaCy once.

    spaCy builds a new ``Token`` object for every token a walk yields (``children`` scans the token's
    whole span for them): the rules walk the same few tokens dozens of times a sentence, so they read
    these tables instead, and the lemmas and subtrees they ask for, each computed on first use.
    """

    __slots__ = ("doc", "toks", "up", "kids", "lemmas", "subtrees")

    def __init__(self, doc: Token | None):
        self.doc = doc
        self.toks: list[Token] = list(doc) if doc is not None else []
        self.up: list[int] = []  # offsets to each token's head; 0 at a root
        if doc is not None and self.toks:
            self.up = doc.to_array("HEAD").view("int64").tolist()
        toks = self.toks
        kids: list[tuple[Token, ...]] = [()] * len(toks)
        for i, h in enumerate(self.up):
            if h:
                kids[i + h] += (toks[i],)  # in token order, as spaCy's lefts then rights
        self.kids = kids
        self.lemmas: list[str | None] = [None] * len(toks)
        self.subtrees: dict[int, tuple[Token, ...]] = {}


_NONE = _Tree(None)
#: The sentence the rules are reading. One slot: the rules read one sentence at a time, and a token of
#: another ``Doc`` (another thread's) rebuilds it, so a reading is never taken from the wrong sentence.
_CURRENT = _NONE


def _tree(doc: Token) -> _Tree:
    """The tables of ``doc`` (built on its first use, kept until another sentence is read)."""
    global _CURRENT
    cur = _CURRENT
    if cur.doc is not doc:
        cur = _CURRENT = _Tree(doc)
    return cur


def release() -> None:
    """Forget the sentence last read (so that its ``Doc`` is not kept alive)."""
    global _CURRENT
    _CURRENT = _NONE


def _children(tok: Token) -> tuple[Token, ...]:
    """``tok.children``, in token order."""
    cur = _CURRENT
    if cur.doc is not tok.doc:
        cur = _tree(tok.doc)
    return cur.kids[tok.i]


def _head(tok: Token) -> Token:
    """``tok.head`` (the token itself at a root)."""
    cur = _CURRENT
    if cur.doc is not tok.doc:
        cur = _tree(tok.doc)
    i = tok.i
    return cur.toks[i + cur.up[i]]


def _ancestors(tok: Token) -> list[Token]:
    """``tok.ancestors``: its head, the head's head, ... up to the root."""
    cur = _tree(tok.doc)
    up, toks = cur.up, cur.toks
    out: list[Token] = []
    i = tok.i
    while up[i] != 0 and len(out) < len(up):
        i += up[i]
        out.append(toks[i])
    return out


def _depth(heads: list[int], i: int) -> int:
    """Arcs from token ``i`` up to its root (``heads``: offsets to each token's head)."""
    d = 0
    while heads[i] != 0 and d < len(heads):
        i, d = i + heads[i], d + 1
    return d


def _subtree(tok: Token) -> tuple[Token, ...]:
    """``tok.subtree``: the left children's subtrees, the token, the right children's subtrees."""
    cur = _tree(tok.doc)
    out = cur.subtrees.get(tok.i)
    if out is None:
        walk: list[Token] = []
        _inorder(cur, tok.i, walk)
        out = cur.subtrees[tok.i] = tuple(walk)
    return out


def _inorder(cur: _Tree, i: int, out: list[Token]) -> None:
    me = cur.toks[i]
    for c in cur.kids[i]:
        if me is not None and c.i > i:
            out.append(me)
            me = None
        _inorder(cur, c.i, out)
    if me is not None:
        out.append(me)


def _sentence(tok: Token) -> list[Token]:
    """The tokens of ``tok``'s ``Doc`` (``doc[i]`` builds a new ``Token`` each time)."""
    cur = _CURRENT
    if cur.doc is not tok.doc:
        cur = _tree(tok.doc)
    return cur.toks


def _lemma(tok: Token) -> str:
    """The lowercase lemma; "access" and "status", which the model cuts to "acces" and "statu", stay whole."""
    cur = _CURRENT
    if cur.doc is not tok.doc:
        cur = _tree(tok.doc)
    i = tok.i
    lem = cur.lemmas[i]
    if lem is None:
        lem = cur.lemmas[i] = _read_lemma(tok)
    return lem


def _read_lemma(tok: Token) -> str:
    lem = (tok.lemma_ or tok.text).lower()
    if lem in _MISREAD and tok.lower_.startswith(_MISREAD[lem]):
        return _MISREAD[lem]  # "staged" -> "stag"
    if lem[-1:] not in ("s", "u"):  # the common case, without reading the word form
        return lem
    word = tok.lower_
    return word if word.endswith(("ss", "us")) and lem == word[:-1] else lem


#: Lemmas the small model gets wrong, and the right one (when the word starts with it).
_MISREAD = {"stag": "stage"}


def _object_class(tok: Token, direct: bool = False) -> tuple[str, Token] | None:
    """The object-noun class of a verb's object, of a coordinated object, or of a quantity's complement.

    A quantity's complement: "25,000 tons of food aid" is aid. With ``direct``, prepositional objects
    do not count (a reporting verb's "at a meeting" is where it was said, not what).
    """
    objs = [c for c in _children(tok) if c.dep_ in _OBJECTS or c.dep_ == "nsubjpass"]
    if direct:
        objs = [o for o in objs if _lemma(o) not in _VENUES]
    else:
        objs += [
            g
            for c in _children(tok)
            if c.dep_ in ("prep", "prt") and c.lower_ not in _CIRCUMSTANCES
            for g in _children(c)
            if g.dep_ == "pobj"
        ]
    objs += [c for o in list(objs) for c in _children(o) if c.dep_ == "conj"]
    for obj in objs:
        cls = _noun_class(obj)
        if cls == "agreement" and obj.head.lower_ == "under":
            continue  # "under a deal struck in Doha" is what allows the act, not the act
        if cls is None:
            of = next((c for c in _children(obj) if c.dep_ == "prep" and c.lower_ in ("of", "in")), None)
            inner = next((g for g in _children(of) if g.dep_ == "pobj"), None) if of is not None else None
            if inner is not None and (cls := _noun_class(inner)) is not None:
                return cls, inner
            continue
        return cls, obj
    return None


#: Prepositions of circumstance: "began selling power under a new agreement", "after a blockade" name
#: when or why, not what the verb acts on.
_CIRCUMSTANCES = frozenset("after following before since despite amid amidst until through".split())
_VENUES = frozenset(
    "conference briefing meeting session summit reporter reporters parliament parade rally crowd gathering "
    "audience congress assembly journalist journalists newspaper television radio worker workers official "
    "officials diplomat diplomats visitor visitors".split()
)
#: Measures a government withdraws or scraps when it yields (CAMEO 0832).
POLICIES = frozenset(
    "decree decrees law laws bill bills amendment amendments tax taxes levy reform reforms increase hike "
    "rise plan plans permit permits subsidy subsidies".split()
)
_CHAMBERS = frozenset(
    "parliament assembly session sessions election elections vote poll polls legislature".split()
)


def _of(noun: Token) -> Token | None:
    """The object of a noun's "of" phrase ("the withdrawal of the bill" -> bill)."""
    of = next((c for c in _children(noun) if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((g for g in _children(of) if g.dep_ == "pobj"), None) if of is not None else None


_STATES = frozenset("remain be stay live languish".split())
_ALERT = frozenset("combat military maximum full high heightened battle".split())
_STRIKE_MODS = frozenset("hunger general labor labour national nationwide worker workers indefinite".split())
_STRIKE_VERBS = frozenset("go call stage hold end begin start".split())  # military strikes are launched
_MODIFIED = frozenset(("strike", "status", "readiness", "support"))
#: What makes support material, not words: "military support", "budget support" (07, not 05).
_MATERIAL = frozenset(
    "military financial economic humanitarian budget budgetary material logistical logistic".split()
)


def _noun_class(noun: Token) -> str | None:
    """The class of a noun, or of its compound or adjective modifier ("peace talks", "martial law")."""
    if noun.text == "March":
        return None  # the month ("prices rose in March"), which the model may tag a noun or a name
    lem = _lemma(noun)
    kids = _children(noun)
    # the modifiers matter to three nouns only
    mods = {_lemma(c) for c in kids if c.dep_ in _MODS} if lem in _MODIFIED else set()
    if lem == "strike" and (mods & _STRIKE_MODS or _lemma(_head(noun)) in _STRIKE_VERBS):
        return "protest"  # a labour strike, not a military one
    if noun.dep_ == "pobj":
        prep = _head(noun).lower_
        if lem == "force" and not kids and prep in ("in", "into"):
            return None  # "came into force", "in force": in effect, no troops
        if prep == "under" and _lemma(_head(_head(noun))) in _STATES:
            return None  # "remains under house arrest": a state, not an act (placing under arrest is one)
    if lem == "status" and mods & {"legal", "refugee", "asylum"}:
        return "rights" if "legal" in mods else "aid"  # legal status for a party (0812), refugee status (075)
    if lem in ("boycott", "withdrawal", "repeal") and (inner := _of(noun)) is not None:
        if lem == "boycott" and _lemma(inner) in _CHAMBERS:
            return "protest"  # boycotting parliament or an election is dissent (143), not an embargo
        if lem != "boycott" and _lemma(inner) in POLICIES:
            return "concession"  # withdrawing a bill changes policy (0832)
    if lem == "support" and mods & _MATERIAL:
        return "aid"
    if lem in ("exchange", "swap") and (inner := _of(noun)) is not None and _noun_class(inner) == "prisoner":
        return "retreat"  # an exchange of prisoners releases them (0841), an exchange of fire does not
    if lem == "readiness" and mods & _ALERT:
        return "troops"  # "combat readiness", "maximum readiness": an alert (152), not willingness
    # The lemma, or the word itself where the lemmatizer merges senses ("arms" -> "arm").
    cls = OBJECT_CLASSES.get(lem) or OBJECT_CLASSES.get(noun.lower_)
    if cls is None:
        for c in reversed(kids):  # the modifier nearest the noun: "military cooperation"
            # not "trade": a trade union or a trade minister is no trade flow; nor "fire": fire engines,
            # brigades and stations put fires out; nor "interest": interest rates are no willingness
            mod = _lemma(c)
            if c.dep_ in _MODS and mod not in _NAMING_ONLY and OBJECT_CLASSES.get(mod, "trade") != "trade":
                return OBJECT_CLASSES[mod]
    return cls


_MODS = ("compound", "amod")
_NAMING_ONLY = frozenset(("fire", "interest"))
#: Disasters, accidents and diseases: what they do is no actor's act ("cholera has killed", "a fire killed").
_NATURAL = frozenset(
    "cholera disease epidemic virus outbreak earthquake quake tremor aftershock storm storms cyclone "
    "hurricane typhoon tornado tsunami flood floods flooding blaze fire fires inferno wildfire landslide "
    "landslides mudslide avalanche accident crash collision derailment drought famine heat heatwave "
    "lightning season rain rains snow weather dam levee".split()
)


def natural(noun: Token) -> bool:
    """Whether a noun names a disaster, an accident or a disease: no one acting.

    Fire is a disaster unless someone's ("Israeli fire", "sniper fire", "their fire" are shooting).
    """
    lem = _lemma(noun)
    if lem in ("fire", "fires"):
        return not any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in _children(noun))
    if lem in _VEHICLES and _lemma(noun.head) in _MISHAPS:
        return True  # "a bus went off the road, killing 27": an accident
    # "Tropical Storm Allison", "Hurricane Katrina": a named storm
    return (
        lem in _NATURAL
        or noun.pos_ == "PROPN"
        and any(c.dep_ == "compound" and _lemma(c) in _NATURAL for c in _children(noun))
    )


_VEHICLES = frozenset(
    "bus minibus train truck lorry car van ferry boat ship plane aircraft helicopter".split()
)
_MISHAPS = frozenset("go plunge crash overturn collide derail capsize sink skid veer topple".split())


_WHEN = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december weekend morning evening night day".split()
)


#: Particles that make a phrasal verb when they are adverbs ("stayed away", "called home").
PARTICLES = frozenset("away off out down up back home aside".split())


def phrasal(tok: Token, preps: bool = True) -> str:
    """A verb's lexicon key with its particle where the lexicon has that phrasal verb ("call_off").

    The particle is a ``prt`` child, an adverb in :data:`PARTICLES`, or (with ``preps``) a preposition
    that does not only date the act ("called on Sunday" is no "call on").
    """
    lem = _lemma(tok)
    if lem not in _PHRASAL_VERBS:  # most verbs: no key to look for
        return lem
    if lem == "set" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "free":
        return "set_free"  # "set free six hostages": the model reads "free" as the hostages' adjective
    for c in _children(tok):
        dep = c.dep_
        # "let go eight guards": the parser takes "go" for the verb; "let go of grievances" releases no one
        particle = (
            dep == "prt"
            or dep == "advmod"
            and c.lower_ in PARTICLES
            or dep == "xcomp"
            and c.lower_ == "go"
            and not any(g.lower_ == "of" for g in _children(c))
        )
        # "took Uruguay to court over a mill": a preposition "over" with an object is "about"
        topical = dep == "prep" and c.lower_ in ("over", "about")
        if particle or preps and dep == "prep" and not _temporal(c) and not topical:
            key = f"{lem}_{c.lower_}"
            if key in VERBS:
                return key
    return lem


#: What comes before an underscore in a lexicon key ("call" of "call_off"): a lemma :func:`phrasal` can
#: extend.
_PHRASAL_VERBS = frozenset(k[:j] for k in VERBS for j, ch in enumerate(k) if ch == "_")


def _temporal(prep: Token) -> bool:
    """A preposition that only dates ("on Sunday", "in 1996"), which makes no phrasal verb ("call on")."""
    return prep.dep_ == "prep" and any(
        g.ent_type_ in ("DATE", "TIME") or g.lower_ in _WHEN or g.like_num and len(g.text) == 4
        for g in _children(prep)
    )


def _mission(noun: Token) -> bool:
    """A peacekeeping, UN or monitoring mission or force ("the U.N. force", "the Verification Mission")."""
    mods = {_lemma(g) for g in _children(noun) if g.dep_ in ("compound", "amod", "nmod")}
    return bool(mods & _MISSION_MODS) and _lemma(noun) in (
        "force",
        "forces",
        "mission",
        "operation",
    )


_MISSION_MODS = frozenset(
    "peacekeeping u.n. un united nato multinational verification monitoring observation observer".split()
)


def _crowd(tok: Token | None, crowd: frozenset[str] = _CROWD) -> bool:
    """A crowd of people: "protesters", "hundreds of women", "thousands" (lemma or word form)."""
    return tok is not None and tok.pos_ != "PRON" and (_lemma(tok) in crowd or tok.lower_ in crowd)
