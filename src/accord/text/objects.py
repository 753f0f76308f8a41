"""Object nouns: the classes that give a light verb its act ("held talks", "imposed sanctions").

Each class of object nouns says which act a light verb makes with it (:data:`LIGHT`, with ``*`` for any
light verb), and which nouns carry an event on their own when they head a clause (:data:`NOUNS`).
Split from :mod:`accord.text.lexicon`, which re-exports the tables; the words are general English and
the distinctions CAMEO's (lifting sanctions is RETREAT, 085; lifting a ban CONCEDE, 081).
"""

from __future__ import annotations

__all__ = [
    "CHEMICAL",
    "CIVILIANS",
    "HEAVY_ARMS",
    "HOMES",
    "IDIOM_NOUNS",
    "IRREGULARS",
    "KEEPERS",
    "LIGHT",
    "MISSIONS",
    "NEEDY",
    "NOUNS",
    "OBJECT_CLASSES",
    "OBSTACLES",
    "PERSONS",
    "PUBLICATIONS",
    "RIOT_GEAR",
    "TITLES",
    "VERBAL_TARGETS",
]


#: Object-noun classes: which act a light verb makes with a noun of each class ("hold talks").
_CLASS_WORDS = {
    "talks": "talks talk negotiation negotiations meeting summit visit consultation dialogue conversation "
    "call "
    "discussion round contact contacts parley conference mediation host",
    "aid": "aid assistance help relief donation loan lending grant supply supplies food medicine shelter "
    "asylum refuge debt debts shipment shipments consignment cargo weapon humanitarian bailout bail-out "
    "rescue disbursement disbursements "
    "weapons arms ammunition equipment funding fund money credit subsidy vaccine vaccines tent tents "
    "peacekeeper peacekeepers protection grants medicines blankets flour sheeting helmet helmets delivery "
    "deliveries",
    "sanctions": "sanction sanctions embargo boycott tariff tariffs duty duties freeze freezes",
    "emergency": "curfew martial emergency",
    "detention": "arrest arrests detention imprisonment custody",
    "seizure": "expropriation expropriations nationalisation nationalization confiscation seizure demolition",
    "ambition": "bid candidacy claim",
    # not "law": parliaments pass laws of every kind; "martial law" is an emergency by its modifier
    "restriction": "ban restriction restrictions travel censorship crackdown",
    "blockade": "blockade siege closure cordon",
    "rights": "right rights citizenship nationality passport passports licence license permit permits "
    "internet",
    # goods a state can stop or let flow: halting them is an embargo (163), opening them cooperation (06)
    "trade": "trade export exports import imports",
    "troops": "troop troops force forces soldier soldiers army military warship warships tank tanks "
    "reinforcement reinforcements reservist reservists unit units alert police mobilization mobilisation "
    "division divisions missile missiles battery batteries regiment regiments squadron squadrons fleet "
    "readiness standby battalion battalions brigade brigades deployment buildup build-up policeman policemen "
    "paratrooper paratroopers marine marines commando commandos trooper troopers carrier carriers destroyer "
    "destroyers frigate frigates submarine submarines",
    "relations": "relation relations tie ties embassy ambassador diplomat diplomats envoy consulate "
    "membership",
    "severance": "suspension severance",
    "attack": "attack attacks offensive strike strikes airstrike airstrikes raid raids assault incursion "
    "invasion fire gunfire barrage sweep shelling bombardment operation operations gunbattle firefight "
    "battle battles clash clashes fighting",
    "bombing": "bombing bombings massacre assassination kidnapping abduction ambush sarin shield shields "
    "beating beatings torture",
    "passage": "crossing crossings frontier airspace corridor bridge bridges passage",
    "protest": "protest protests demonstration demonstrations rally rallies march marches walkout sit-in "
    "roadblock roadblocks barricade barricades rampage "
    "riot "
    "riots picket hunger",
    "inquiry": "investigation investigations inquiry probe enquiry inspection hearing evidence audit "
    "testimony fact-finding review proceedings examination",
    "agreement": "agreement accord deal treaty pact settlement declaration compromise ceasefire "
    "cease-fire truce armistice "
    "memorandum consensus understanding protocol",
    "warning": "warning warnings ultimatum threat threats countermeasure countermeasures retaliation "
    "retaliatory reprisal reprisals consequences revenge",
    "demand": "demand demands appeal appeals request requests plea call",
    "rejection": "rejection refusal veto",
    "criticism": "criticism condemnation complaint complaints accusation accusations lawsuit suit charges "
    "objection objections dissatisfaction displeasure indignation blame allegation allegations verdict "
    "concern concerns outrage regret anger disappointment dismay alarm disgrace blunder travesty farce",
    "support": "support blessing solidarity gratitude condolences praise backing endorsement approval "
    "congratulations apology recognition thanks sympathy tribute remorse contrition",
    "willingness": "willingness readiness desire hope interest intention offer proposal proposals plan "
    "pledge pledges undertaking assurance assurances "
    "initiative",
    "concession": "concession concessions amnesty pardon resignation",
    "prisoner": "prisoner prisoners hostage hostages detainee detainees captive captives access",
    "monitor": "inspector inspectors observer observers monitor monitors investigator investigators verifier "
    "verifiers",
    "retreat": "withdrawal pullout pull-out release repatriation demobilization",
    "drills": "drill drills manoeuvres maneuvers patrol patrols games",
    "cooperation": "cooperation co-operation collaboration coordination partnership exercise exercises "
    "intelligence "
    "tip-off information",
}
OBJECT_CLASSES: dict[str, str] = {w: c for c, words in _CLASS_WORDS.items() for w in words.split()}

#: The act of any light verb with an object of each class.
_ANY_VERB = {
    "talks": "CONSULT",
    "aid": "AID",
    "sanctions": "COERCE",
    "restriction": "COERCE",
    "emergency": "COERCE",
    "detention": "COERCE",
    "seizure": "COERCE",
    "drills": "MOBILIZE",
    "blockade": "COERCE",
    "troops": "MOBILIZE",
    "severance": "SANCTION",
    "attack": "FIGHT",
    "bombing": "ASSAULT",
    "protest": "PROTEST",
    "inquiry": "INVESTIGATE",
    "agreement": "AGREE",
    "warning": "THREATEN",
    "demand": "DEMAND",
    "criticism": "DISAPPROVE",
    "rejection": "REJECT",
    "support": "SUPPORT",
    "willingness": "AGREE",
    "concession": "CONCEDE",
    "cooperation": "COOPERATE",
    "retreat": "RETREAT",
}


def _verbs(verbs: str, cls: str, act: str) -> dict[tuple[str, str], str]:
    return {(v, cls): act for v in verbs.split()}


#: (light verb, object class) -> act; ``*`` is any light verb. Ending or easing sanctions, blockades and
#: attacks is de-escalation (CAMEO 085, 087: RETREAT); easing administrative restrictions is CONCEDE
#: (081); ending aid, relations or talks is SANCTION (16).
LIGHT: dict[tuple[str, str], str] = {
    **{("*", c): a for c, a in _ANY_VERB.items()},
    **_verbs("lift ease relax remove end", "sanctions", "RETREAT"),
    **_verbs(
        "lift ease relax remove end scrap rescind repeal abolish loosen overturn reverse annul quash",
        "restriction",
        "CONCEDE",
    ),
    # protesters ending a protest ease dissent (082); dropping objections or demands yields (080)
    **_verbs("end lift call_off halt suspend abandon", "protest", "CONCEDE"),
    **_verbs("drop withdraw abandon", "criticism", "CONCEDE"),
    **_verbs("drop withdraw abandon", "demand", "CONCEDE"),
    **_verbs("drop withdraw abandon", "rejection", "CONCEDE"),
    **_verbs("ink seal initial", "agreement", "SUPPORT"),
    **_verbs("re-establish reestablish", "relations", "SUPPORT"),
    **_verbs("dash", "willingness", "REJECT"),
    **_verbs("quit", "talks", "SANCTION"),
    **_verbs("contribute", "troops", "AID"),
    # easing a curfew or a state of emergency is de-escalation in the table (0813, 0814: RETREAT)
    **_verbs("lift ease relax remove end shorten loosen cut reduce", "emergency", "RETREAT"),
    **_verbs("lift end", "detention", "RETREAT"),
    **_verbs("observe declare begin start", "agreement", "RETREAT"),
    **_verbs("drop abandon withdraw give_up", "ambition", "CONCEDE"),
    **_verbs("end stop cease halt suspend cut reduce slash axe ax withdraw", "support", "SANCTION"),
    **_verbs("abandon drop", "sanctions", "RETREAT"),
    **_verbs("scrap suspend drop waive", "sanctions", "RETREAT"),
    **_verbs("use", "aid", "FIGHT"),
    **_verbs("lift ease relax remove end call_off", "blockade", "RETREAT"),
    **_verbs("grant give restore return reinstate", "rights", "CONCEDE"),
    # stripping citizenship or a licence is an administrative sanction (172)
    **_verbs(
        "strip revoke deny confiscate withdraw cut block shut suspend restrict throttle", "rights", "COERCE"
    ),
    **_verbs("grant give", "passage", "RETREAT"),
    # granting, meeting or heeding demands accedes to them (083); "demanded" ones stay DEMAND
    **_verbs("grant satisfy fulfil fulfill heed", "demand", "CONCEDE"),
    **_verbs("lift ease relax remove end stop cease halt suspend", "attack", "RETREAT"),
    **_verbs("end stop cease halt suspend", "bombing", "RETREAT"),
    **_verbs(
        "end stop cease halt suspend cut reduce break close slash shelve scrap pause axe ax",
        "aid",
        "SANCTION",
    ),
    **_verbs("hold_up freeze withhold scale_back", "aid", "SANCTION"),
    **_verbs("halt stop suspend cut ban block restrict curb freeze", "trade", "COERCE"),
    **_verbs("open reopen resume expand restore", "trade", "COOPERATE"),
    **_verbs("scale_back wind_down", "attack", "RETREAT"),
    **_verbs("scale_back wind_down", "troops", "RETREAT"),
    **_verbs("scale_back", "talks", "SANCTION"),
    **_verbs("scale_back", "relations", "SANCTION"),
    **_verbs("seal close shut block", "passage", "COERCE"),
    **_verbs("reopen open", "passage", "RETREAT"),
    **_verbs("end stop cease halt suspend cut reduce break close downgrade", "relations", "SANCTION"),
    **_verbs("end stop cease halt suspend break cancel call_off postpone shelve", "talks", "SANCTION"),
    **_verbs("end stop cease halt suspend cut reduce break", "cooperation", "SANCTION"),
    **_verbs(
        "upgrade normalize normalise improve strengthen restore establish open reopen", "relations", "SUPPORT"
    ),
    **_verbs("grant allow permit let release free", "prisoner", "RETREAT"),
    **_verbs("allow permit let grant admit accept", "monitor", "RETREAT"),
    **_verbs("send dispatch deploy", "monitor", "INVESTIGATE"),
    **_verbs("send dispatch deploy", "inquiry", "INVESTIGATE"),
    **_verbs("prevent disperse break_up ban", "protest", "COERCE"),
    **_verbs("lodge file deliver send hand", "protest", "DISAPPROVE"),
    **_verbs("train", "troops", "AID"),
    **_verbs("unleash fire launch", "troops", "FIGHT"),
    **_verbs("strip", "aid", "SANCTION"),
    **_verbs("break violate flout breach tear_up", "agreement", "FIGHT"),
    **_verbs("call declare", "agreement", "RETREAT"),
    ("expel", "monitor"): "SANCTION",
    ("violate", "restriction"): "REJECT",
    ("sign", "agreement"): "SUPPORT",
    ("reach", "agreement"): "AGREE",
    ("grant", "concession"): "CONCEDE",
    **_verbs("allow let permit", "aid", "RETREAT"),
    ("open", "attack"): "FIGHT",
    ("send", "troops"): "MOBILIZE",
    ("dispatch", "troops"): "MOBILIZE",
    ("send", "talks"): "CONSULT",
    ("give", "warning"): "THREATEN",
    ("join", "talks"): "CONSULT",
    ("take", "prisoner"): "ASSAULT",
    ("hold", "prisoner"): "COERCE",
    ("offer", "support"): "SUPPORT",
    # handing in weapons disarms (0873)
    **_verbs("hand_in surrender decommission lay_down give_up", "aid", "RETREAT"),
}

#: Nouns that carry an event when they head a clause or the subject of a reporting verb ("Talks ...").
NOUNS: dict[str, str] = {w: LIGHT[("*", c)] for w, c in OBJECT_CLASSES.items() if ("*", c) in LIGHT}
for _w in (
    "fire access information intelligence plan interest hope call round contact contacts law talk "
    "concern concerns protection fund money credit equipment alert unit units force forces army "
    "military police operation operations session conference hunger travel "
    # goods are aid only when given ("manufacturing weapons", "unspent donations" are no events)
    "weapon weapons arms ammunition supply supplies food medicine shelter tent tents vaccine vaccines "
    "donation donations loan loans subsidy peacekeeper peacekeepers debt debts refuge right convoy convoys "
    "shipment shipments consignment cargo "
    # a deployment or a build-up is mobilisation when someone orders it, not on its own
    "deployment buildup build-up".split()
):
    NOUNS.pop(_w, None)
NOUNS["talks"] = "CONSULT"

#: What a verbal attack attacks ("attacked the policy" disapproves, 111).
VERBAL_TARGETS = frozenset(
    "policy decision plan remarks remark statement proposal comments move idea approach stance".split()
)
#: What crowds block in protest (a road), and what authorities block to restrict it (access).
OBSTACLES = frozenset(
    "road roads highway highways street streets traffic bridge bridges entrance access "
    "railway border crossing port".split()
)
#: What is released when a report, not a prisoner, is released.
PUBLICATIONS = frozenset(
    "statement report video document data figures list details results photos footage".split()
)
#: The nouns of light-verb idioms (:mod:`accord.text.idioms`): a sentence holding one is parsed.
IDIOM_NOUNS = frozenset(
    "pen pressure ranks ear back delivery packing light go-ahead nod blessing halt end stop away firm "
    "hospital hospitals clinic clinics shelter shelters camp camps".split()
)
#: Who and what counts as unarmed (violence against them is CAMEO 18 or 175, not 19).
CIVILIANS = frozenset(
    "civilian civilians people worshipper worshippers villager villagers passenger passengers pilgrim "
    "pilgrims student students pupil pupils child children boy boys girl girls woman women man men "
    "guest guests shopper shoppers mourner mourners journalist journalists demonstrator demonstrators "
    "protester protesters crowd crowds resident residents refugee refugees family families detainee "
    "detainees prisoner prisoners church mosque synagogue temple school market hospital bus minibus "
    "wedding sit-in prosecutor judge politician activist activists village villages hamlet hamlets home "
    "homes house houses neighbourhood neighborhood".split()
)
#: Titles that make a victim, named or not, a person, not a unit (killing one is an assassination, 186).
TITLES = frozenset(
    "president minister premier leader governor mayor senator judge prosecutor journalist activist "
    "chairman speaker king queen prince cleric".split()
)
#: Chemical agents: their use is CAMEO 2041 whoever fires them at whom.
CHEMICAL = frozenset(
    "mustard sarin chlorine nerve chemical chemicals vx phosgene chloropicrin choking".split()
)
#: Riot-control means: their use on a crowd is violent repression (175).
RIOT_GEAR = frozenset("tear-gas teargas birdshot baton batons truncheon truncheons rubber cannon".split())
#: Where people are driven or expelled from in a mass expulsion (201).
HOMES = frozenset("home homes house houses village villages land lands".split())
#: Who is expelled when ties are cut, not people coerced.
MISSIONS = frozenset(
    "agency agencies ngo ngos charity charities organisation organisations organization organizations "
    "mission missions staff members peacekeepers ambassador ambassadors diplomat diplomats".split()
)
#: Peacekeepers: their arriving or deploying protects (074).
KEEPERS = frozenset(("peacekeeper", "peacekeepers", "peacekeeping"))
#: Weapons that make an attack conventional whoever it hits (CAMEO 194, 195).
HEAVY_ARMS = frozenset(
    "aircraft jet jets warplane warplanes helicopter helicopters gunship gunships artillery "
    "tank tanks drone drones missile missiles rocket rockets navy".split()
)
#: Attackers whose violence is irregular whoever they hit (CAMEO 18).
IRREGULARS = frozenset(
    "gunman gunmen assailant assailants bomber bombers attacker attackers extremist extremists assassin "
    "assassins".split()
)
#: Nouns for people (not property): seizing them is abduction (181).
PERSONS = frozenset(
    "engineer engineers worker workers journalist journalists tourist tourists missionary missionaries "
    "hostage hostages foreigner foreigners people civilians".split()
)
#: Those evacuated or sheltered as aid (073), not troops pulled back.
NEEDY = frozenset(
    "wounded injured sick civilian civilians refugee refugees resident residents child children".split()
)
