"""The adjectives news copy names a country or a union by ("Russian forces", "French President ...").

Actors are named in a scenario by their names and aliases ("Russia", "Kremlin", "Moscow"), but wire copy
as often says "Russian forces", "European leaders" or "the French president": the adjective of a name
the scenario lists stands for the same actor. General English; the table covers the countries and unions
that news copy names most, and a scenario can add any other form as an alias.
"""

from __future__ import annotations

__all__ = ["DEMONYMS", "demonyms"]

_TABLE = """
afghanistan: afghan | africa: african | albania: albanian | algeria: algerian | america: american
argentina: argentine, argentinian | armenia: armenian | australia: australian | austria: austrian
azerbaijan: azerbaijani | belarus: belarusian | belgium: belgian | bosnia: bosnian | brazil: brazilian
britain: british | bulgaria: bulgarian | canada: canadian | chechnya: chechen | chile: chilean
china: chinese | colombia: colombian | croatia: croatian | cuba: cuban | czech republic: czech
denmark: danish | egypt: egyptian | estonia: estonian | ethiopia: ethiopian | europe: european
european union: european | finland: finnish | france: french | georgia: georgian | germany: german
greece: greek | hungary: hungarian | india: indian | indonesia: indonesian | iran: iranian | iraq: iraqi
ireland: irish | israel: israeli | italy: italian | japan: japanese | jordan: jordanian
kazakhstan: kazakh | kenya: kenyan | kosovo: kosovar | latvia: latvian | lebanon: lebanese
libya: libyan | lithuania: lithuanian | mexico: mexican | moldova: moldovan | netherlands: dutch
nigeria: nigerian | north korea: north korean | norway: norwegian | pakistan: pakistani
palestine: palestinian | philippines: philippine, filipino | poland: polish | portugal: portuguese
qatar: qatari | romania: romanian | russia: russian | saudi arabia: saudi | serbia: serbian
slovakia: slovak | somalia: somali | south africa: south african | south korea: south korean
spain: spanish | sudan: sudanese | sweden: swedish | switzerland: swiss | syria: syrian
taiwan: taiwanese | turkey: turkish | turkiye: turkish | uae: emirati | uk: british
ukraine: ukrainian | united arab emirates: emirati | united kingdom: british | united states: american
us: american | u.s.: american | venezuela: venezuelan | vietnam: vietnamese | yemen: yemeni
"""

#: Name (lower case) -> the adjectives news copy uses for it.
DEMONYMS: dict[str, tuple[str, ...]] = {
    name.strip(): tuple(a.strip() for a in adjectives.split(","))
    for pair in _TABLE.replace("\n", " | ").split("|")
    if ":" in pair
    for name, adjectives in [pair.split(":", 1)]
}


def demonyms(phrase: str) -> tuple[str, ...]:
    """The adjectives for a name ("Russia" -> ("russian",)); none for a name the table does not hold."""
    return DEMONYMS.get(phrase.strip().lower(), ())
