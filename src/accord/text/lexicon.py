"""The act vocabulary: PLOVER event types with their CAMEO root codes, and the trigger lexicons.

Every entry is written from the PLOVER codebook (Halterman et al., draft 0.8, 2021), the CAMEO 1.1b3
manual's category definitions (Gerner, Schrodt et al. 2002) and ordinary English usage; none is taken from
an evaluation sentence. A trigger is the word that carries the event (a verb, a noun or an adjective);
:mod:`accord.text.coder` finds it in a dependency parse and reads the act from these tables.

Trigger kinds
-------------
``act``
    The word names the act itself ("attack", "arrest", "meet").
``frame``
    The word names an act about another action ("urge", "threaten", "refuse", "accuse"): the act is the
    frame's whatever its complement says ("urged Israel to withdraw" is DEMAND, not RETREAT).
``intent``
    Future intent ("promise", "plan", "vow"): a cooperative complement makes AGREE (CAMEO 03, "express
    intent to ..."), a hostile one THREATEN (CAMEO 13).
``speech``
    Transparent reporting verbs ("say", "announce"): the act is read from the complement; the speaker
    becomes the source when the complement has no subject of its own.
``light``
    Verbs whose act comes from their object ("hold talks", "impose sanctions", "provide aid").

References
----------
.. [PLOVER] Halterman, A., Schrodt, P. A. et al. PLOVER and POLECAT: a new political event ontology and
   dataset. Draft codebook 0.8 (2021), openeventdata/PLOVER.
.. [CAMEO] Gerner, D. J., Schrodt, P. A., Yilmaz, O., Abu-Jabr, R. Conflict and Mediation Event
   Observations (CAMEO) codebook, 1.1b3 (2002).
"""

from __future__ import annotations

from typing import Literal

from .objects import IDIOM_NOUNS, LIGHT, NOUNS, OBJECT_CLASSES

__all__ = [
    "ACTS",
    "COOPERATIVE",
    "HOSTILE",
    "VERBS",
    "NOUNS",
    "ADJECTIVES",
    "LIGHT",
    "OBJECT_CLASSES",
    "NEGATED",
    "RED_LINE",
    "HEDGE",
    "CONDITION",
    "OFFER_WORDS",
    "Kind",
    "trigger_forms",
]

Kind = Literal["act", "frame", "intent", "speech", "light"]

#: PLOVER event type -> CAMEO root code (PLOVER's REQUEST is called DEMAND here, ACCUSE is split into
#: DISAPPROVE and INVESTIGATE, and CAMEO 08 into CONCEDE and RETREAT, as in the PLOVER codebook).
ACTS: dict[str, str] = {
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "COOPERATE": "06",
    "AID": "07",
    "CONCEDE": "08",
    "RETREAT": "08",
    "INVESTIGATE": "09",
    "DEMAND": "10",
    "DISAPPROVE": "11",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",
    "SANCTION": "16",
    "COERCE": "17",
    "ASSAULT": "18",
    "FIGHT": "19",
}

#: Acts that, stated as intent ("will", "ready to", "promised to"), become AGREE (CAMEO 03).
COOPERATIVE = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE"}
)
#: Acts that, stated as intent, become THREATEN (CAMEO 13).
HOSTILE = frozenset({"SANCTION", "COERCE", "ASSAULT", "FIGHT", "MOBILIZE", "PROTEST"})

#: What a negated act means: refusing a cooperative act is REJECT (CAMEO 12, "decline to ..."); not
#: rejecting is a hedged AGREE. Acts absent here keep their act and carry the negation flag.
NEGATED: dict[str, str] = {
    "AGREE": "REJECT",
    "SUPPORT": "REJECT",
    "COOPERATE": "REJECT",
    "CONSULT": "REJECT",
    "AID": "REJECT",
    "CONCEDE": "REJECT",
    "RETREAT": "REJECT",
    "REJECT": "AGREE",
}


def _table(kind: Kind, act: str | None, words: str) -> dict[str, tuple[Kind, str | None]]:
    return {w: (kind, act) for w in words.split()}


# Verb lemmas. A phrasal verb is written "lemma_particle" (its particle or preposition child).
VERBS: dict[str, tuple[Kind, str | None]] = {
    # 03 AGREE: agree, accept, settle, and intent to cooperate
    **_table("frame", "AGREE", "agree accept consent accede_to approve_of settle reconcile embrace"),
    **_table("intent", "AGREE", "promise pledge vow commit undertake offer propose volunteer guarantee"),
    **_table("intent", None, "plan intend prepare aim expect hope want wish resolve"),
    # 04 CONSULT: meet, visit, host, talk, negotiate, mediate, telephone
    **_table(
        "act",
        "CONSULT",
        "meet visit host negotiate discuss consult confer mediate telephone phone talk tour arrive_in "
        "travel_to receive convene parley",
    ),
    # 05 SUPPORT: praise, endorse, defend, rally support, recognise, apologise, forgive, sign an agreement
    **_table(
        "frame",
        "SUPPORT",
        "praise endorse commend applaud hail laud welcome back support defend thank congratulate "
        "apologize apologise forgive pardon recognize recognise salute champion uphold reaffirm",
    ),
    # 06 COOPERATE: material cooperation
    **_table("act", "COOPERATE", "cooperate collaborate co-operate partner extradite coordinate share"),
    # selling goods to another country is economic cooperation (061); selling it arms is military aid (072)
    **_table("act", "COOPERATE", "sell export"),
    # 07 AID: provide aid, asylum, peacekeeping
    **_table("act", "AID", "donate airlift shelter help"),
    # 08 CONCEDE (yield, ease administrative sanctions or dissent, accede to reform) and RETREAT
    # (return or release, ease economic sanctions, allow international involvement, de-escalate)
    **_table(
        "act",
        "CONCEDE",
        "concede yield relent capitulate resign abdicate back_down give_in step_down give_up cede",
    ),
    **_table("act", "RETREAT", "withdraw retreat demobilize disarm demilitarize evacuate pull_out pull_back"),
    **_table("act", "RETREAT", "release free repatriate return hand_over"),
    # 09 INVESTIGATE
    **_table("act", "INVESTIGATE", "investigate probe examine inspect audit look_into inquire_into"),
    # 10 REQUEST (DEMAND): demand, urge, appeal, request
    **_table(
        "frame",
        "DEMAND",
        "demand urge ask request appeal_to appeal_for call_for call_on call_upon press plead petition "
        "implore insist exhort beseech entreat require order push_for lobby summon seek pressure",
    ),
    # 11 DISAPPROVE: criticise, denounce, accuse, complain, sue, find guilty
    **_table(
        "frame",
        "DISAPPROVE",
        "criticize criticise condemn denounce accuse blame deplore decry slam castigate rebuke reprimand "
        "lambaste censure chide fault disparage assail berate ridicule sue allege complain regret "
        # a court sentencing someone has found them guilty (116); arresting or charging them is 173
        "convict sentence deride scold vilify lament reproach",
    ),
    # 12 REJECT: reject, refuse, decline, veto, defy
    **_table(
        "frame",
        "REJECT",
        "reject refuse decline rebuff spurn dismiss veto deny defy oppose resist repudiate disavow "
        "renounce turn_down rule_out snub disregard ignore ",
    ),
    # 13 THREATEN: threaten, warn, ultimatum
    **_table("frame", "THREATEN", "threaten warn menace"),
    # 14 PROTEST: demonstrate, rally, strike, boycott, obstruct, riot
    **_table("act", "PROTEST", "demonstrate protest rally march riot picket boycott obstruct block"),
    # 15 MOBILIZE
    **_table("act", "MOBILIZE", "mobilize mobilise deploy mass reinforce station"),
    # 16 SANCTION: reduce relations, stop aid, halt negotiations, expel or withdraw
    **_table("act", "SANCTION", "sever downgrade recall expel break_off cut_off walk_out suspend"),
    # 17 COERCE: seize, restrict, ban, curfew, martial law, arrest, deport, blockade, occupy, sanctions
    **_table(
        "act",
        "COERCE",
        "arrest detain seize confiscate ban outlaw deport jail imprison blockade occupy annex nationalize "
        "nationalise censor round_up crack_down expropriate intern indict charge "
        "prosecute restrict prohibit dissolve shut_down",
    ),
    # 18 ASSAULT (unconventional violence) and 20 (mass violence)
    **_table(
        "act",
        "ASSAULT",
        "kill murder abduct kidnap hijack torture beat rape assassinate massacre behead execute lynch "
        "detonate explode "
        "slaughter maim stab blow_up wound injure gun_down",
    ),
    # 19 FIGHT (conventional military force)
    **_table(
        "act",
        "FIGHT",
        "attack shell bombard bomb fight clash invade strike shoot fire fire_on fire_at ambush storm assault "
        "capture "
        "besiege skirmish engage battle",
    ),
    # more synonyms by category (general English usage of the CAMEO verb categories)
    **_table("frame", "AGREE", "approve concur assent tolerate"),
    **_table("frame", "SUPPORT", "ratify acclaim extol sympathize sympathise compliment readmit"),
    **_table("act", "AID", "assist rescue fund finance bankroll feed"),
    **_table("act", "CONCEDE", "compromise acquiesce accede_to soften"),
    **_table("act", "RETREAT", "de-escalate deescalate relinquish vacate unfreeze decommission dismantle"),
    **_table("act", "INVESTIGATE", "scrutinize scrutinise inquire"),
    **_table("frame", "DEMAND", "beg solicit press_for clamour clamor"),
    **_table("frame", "DISAPPROVE", "object_to blast admonish disapprove bemoan"),
    **_table("frame", "REJECT", "refute balk_at shun scrap withhold"),
    **_table("frame", "THREATEN", "intimidate caution"),
    **_table("act", "MOBILIZE", "redeploy amass muster conscript"),
    **_table("act", "COERCE", "suppress repress evict exile banish disband seal_off"),
    **_table("act", "COERCE", "blacklist revoke impound freeze take_over annex muzzle gag purge"),
    # stripping someone of a post, a licence or citizenship (forcing someone: cues._forced)
    **_table("act", "COERCE", "strip"),
    **_table("act", "PROTEST", "walk_off stay_away barricade picket"),
    **_table("act", "MOBILIZE", "call_up scramble test-fire"),
    **_table("act", "RETREAT", "hand_back lay_down surrender"),
    **_table("act", "AID", "lend equip write_off"),
    **_table("act", "COOPERATE", "pass_on tip_off pool"),
    **_table("act", "CONSULT", "sit_down speak_with talk_with bargain haggle shuttle"),
    **_table("frame", "SUPPORT", "stand_by"),
    # general-English synonyms of each category (a thesaurus, not the gold file)
    **_table("act", "AID", "airdrop subsidise subsidize bail_out resettle vaccinate"),
    **_table("act", "ASSAULT", "flog whip mutilate poison stone decapitate strangle terrorise terrorize"),
    **_table(
        "act", "COERCE", "apprehend nab lock_up clamp_down curb forbid bar cordon_off requisition commandeer"
    ),
    **_table("act", "CONCEDE", "back_off climb_down bow_to give_way reinstate legalize legalise unban"),
    **_table("act", "CONSULT", "huddle"),
    **_table("act", "COOPERATE", "team_up join_forces"),
    **_table("frame", "DEMAND", "prod ask_for insist_on plead_with"),
    **_table("frame", "DISAPPROVE", "chastise excoriate pillory hit_out hit_out_at denigrate"),
    **_table("act", "FIGHT", "mortar torpedo snipe shoot_down"),
    **_table("act", "MOBILIZE", "beef_up"),
    **_table("act", "PROTEST", "chant sit_in"),
    **_table("frame", "REJECT", "stonewall scupper nix vote_against"),
    **_table("act", "RETREAT", "set_free let_go give_back unblock stand_down demobilise"),
    **_table("act", "SANCTION", "call_home call_back"),
    **_table("act", "COERCE", "force_out throw_out kick_out"),
    **_table("act", "RETREAT", "ship_out"),
    **_table("act", "AID", "transfer furnish arm distribute"),
    **_table("frame", "DISAPPROVE", "brand rail_against tear_into appal appall"),
    **_table("act", "CONSULT", "entertain broker"),
    **_table("act", "AID", "deposit"),
    **_table("act", "COERCE", "intercept"),
    **_table("frame", "REJECT", "scoff scoff_at"),
    **_table("act", "AID", "hand_out re-equip reequip"),
    **_table("act", "CONCEDE", "reverse"),
    **_table("act", "INVESTIGATE", "verify sift pore"),
    **_table("frame", "REJECT", "wave_away shrug_off kill_off wave_off"),
    **_table("act", "PROTEST", "fast"),
    **_table("act", "SANCTION", "eject walk_away"),
    **_table("act", "COERCE", "proscribe encircle"),
    **_table("act", "ASSAULT", "mow_down"),
    **_table("act", "FIGHT", "batter hit"),
    **_table("frame", "SUPPORT", "speak_up"),
    **_table("act", "ASSAULT", "tear_down demolish bulldoze hunt_down"),
    **_table("frame", "DEMAND", "lean_on"),
    **_table("act", "FIGHT", "rout rocket pummel"),
    **_table("act", "INVESTIGATE", "question interrogate"),
    **_table("act", "RETREAT", "turn_over"),
    **_table("act", "COOPERATE", "exchange"),
    **_table("frame", "SUPPORT", "side_with stand_with vouch_for"),
    **_table("frame", "THREATEN", "blackmail"),
    **_table("act", "CONCEDE", "cave_in rescind repeal abolish"),
    **_table("act", "ASSAULT", "hurl"),
    **_table("act", "INVESTIGATE", "exhume review"),
    **_table("frame", "DISAPPROVE", "lash_out lash_out_at"),
    **_table("frame", "REJECT", "vote_down brush_off brush_aside"),
    **_table("act", "ASSAULT", "torch loot vandalize vandalise ransack raze destroy abuse molest assault"),
    **_table("act", "FIGHT", "pound strafe overrun retake recapture repel counterattack"),
    **_table("act", "FIGHT", "beat_back fight_off fend_off repulse"),
    **_table("act", "CONCEDE", "legalise legalize decriminalise decriminalize"),
    **_table("act", "COERCE", "deregister throttle padlock"),
    **_table("act", "ASSAULT", "club"),
    **_table("act", "AID", "earmark"),
    **_table("act", "CONSULT", "wrangle relay"),
    **_table("act", "CONCEDE", "step_aside"),
    **_table("act", "RETREAT", "amnesty turn_in"),
    **_table("frame", "SUPPORT", "stand_behind"),
    **_table("frame", "AGREE", "sign_off abide_by comply_with hammer_out"),
    **_table("frame", "DEMAND", "encourage"),
    **_table("frame", "DISAPPROVE", "liken"),
    **_table("act", "FIGHT", "hammer advance_on retaliate hit_back strike_back"),
    **_table("act", "ASSAULT", "snatch set_upon scald"),
    **_table("act", "CONCEDE", "do_away strike_down"),
    **_table("act", "PROTEST", "rampage"),
    **_table("act", "RETREAT", "disengage"),
    **_table("act", "INVESTIGATE", "grill comb"),
    **_table("act", "COOPERATE", "swap"),
    **_table("act", "COERCE", "close_down pick_up"),
    **_table("act", "RETREAT", "bring_home bring_back"),
    **_table("frame", "REJECT", "wave_aside"),
    **_table("intent", None, "hesitate"),
    # transparent reporting and cognition verbs
    **_table(
        "speech",
        None,
        "say tell state announce declare add report claim note remark stress emphasize emphasise reiterate "
        "repeat confirm indicate explain write reply respond comment argue believe think assert affirm "
        "acknowledge suggest signal point_out make_clear quote",
    ),
    # verbs whose object names the act
    **_table(
        "light",
        None,
        "hold have make give take launch stage conduct carry_out issue express impose lodge sign file open "
        "begin start resume reach provide send deliver supply grant extend lift ease relax remove end stop "
        "cease halt call set_up organize organise lead put increase boost cut reduce close allow permit let "
        "join enter mount unleash step_up pass adopt break restore establish violate try attempt continue "
        "declare decide upgrade normalize normalise improve strengthen dispatch cancel call_off prevent "
        "disperse seal reopen gather scrap use slash ink play drop ship contribute fly axe observe abandon "
        "initial re-establish reestablish dash quit rush move ax post train find hand_down bring place "
        "throw station shorten loosen "
        "break_up tighten downgrade admit raise heighten voice pay hand_in set_off scale_back wind_down "
        "apply",
    ),
}

#: Predicate adjectives: "unacceptable" rejects, "ready to" states intent.
ADJECTIVES: dict[str, tuple[Kind, str | None]] = {
    **_table("frame", "REJECT", "unacceptable opposed non-negotiable inadmissible impossible"),
    **_table("intent", "AGREE", "ready willing prepared eager open keen determined amenable receptive"),
    **_table("frame", "REJECT", "unwilling reluctant loath"),
    **_table("frame", "SUPPORT", "grateful supportive sorry"),
    **_table("frame", "DISAPPROVE", "critical concerned"),
    **_table(
        "frame",
        "DISAPPROVE",
        "disappointed dismayed outraged appalled alarmed troubled angry furious indignant",
    ),
}

#: Words and phrases of red-line language (lowercase, matched on token boundaries).
RED_LINE = (
    "never",
    "red line",
    "red lines",
    "non-negotiable",
    "not negotiable",
    "must not",
    "mustn't",
    "under no circumstances",
    "out of the question",
    "unacceptable",
    "not up for discussion",
    "will not accept",
    "won't accept",
    "cannot accept",
    "can't accept",
    "will not allow",
    "will not tolerate",
    "would not tolerate",
    "won't tolerate",
    "would not accept",
    "under any circumstances",
    "in any circumstances",
    "at any cost",
    "no matter what",
)

#: Hedges: uncertainty or distance in the wording.
HEDGE = frozenset(
    "may might could possibly perhaps reportedly apparently allegedly seemingly likely unlikely probably "
    "maybe seem seems appear appears consider considering suggest suggests rumoured rumored".split()
)

#: Condition markers (single words, and phrases matched on the lowercase sentence).
CONDITION = (
    "if",
    "unless",
    "provided that",
    "providing that",
    "on condition that",
    "as long as",
    "only if",
    "in exchange for",
    "in return for",
    "subject to",
)

#: Words that make an AGREE or CONCEDE an offer not yet accepted.
OFFER_WORDS = frozenset("offer propose proposal suggest ready willing prepared open volunteer float".split())

_IRREGULAR = {
    "meet": "met",
    "hold": "held",
    "give": "gave given",
    "send": "sent",
    "take": "took taken",
    "make": "made",
    "say": "said",
    "tell": "told",
    "seek": "sought",
    "fight": "fought",
    "shoot": "shot",
    "strike": "struck stricken",
    "withdraw": "withdrew withdrawn",
    "break": "broke broken",
    "begin": "began begun",
    "beat": "beaten",
    "forgive": "forgave forgiven",
    "lead": "led",
    "put": "put",
    "cut": "cut",
    "let": "let",
    "write": "wrote written",
    "undertake": "undertook undertaken",
    "blow": "blew blown",
    "have": "had has",
    "arise": "arose",
    "freeze": "froze frozen",
    "mistake": "mistook",
    "overtake": "overtook",
    "swear": "swore sworn",
    "bring": "brought",
    "rebuild": "rebuilt",
    "sentence": "sentenced",
    "stand": "stood",
    "think": "thought",
}


def _forms(lemma: str) -> set[str]:
    """Inflected forms of an English word (regular rules plus a short irregular table)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing", lemma + "d"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # ban -> banned, ship -> shipping
    out |= set(_IRREGULAR.get(lemma, "").split())
    return out


def trigger_forms() -> frozenset[str]:
    """Every lowercase word form that can start a statement: a cheap filter before parsing.

    A sentence without one of these forms cannot yield a statement, so it need not be parsed.
    """
    words: set[str] = set()
    for key, (kind, _) in VERBS.items():
        # Reporting and light verbs code nothing alone: their complement or object holds the trigger.
        if kind not in ("speech", "light") or key in ("allow", "permit", "let"):
            words |= _forms(key.split("_")[0])
    for table in (NOUNS, ADJECTIVES):
        for key in table:
            words |= _forms(key.split("_")[0])
    for noun in (*OBJECT_CLASSES, *IDIOM_NOUNS):
        words |= _forms(noun.split("_")[0])
    return frozenset(words)
