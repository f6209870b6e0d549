"""Countries grouped into UN M49 sub-regions, to generalise a country in anonymised exports.

Covers the countries AVR offices commonly return people to (the demo's among them); a country
that is not listed generalises to ``M49_001`` (World), which protects at least as much.
"""

from __future__ import annotations

from types import MappingProxyType

from avrcase.i18n import N_, _

WORLD = "M49_001"

#: Sub-region code -> English name (translated at use) and member countries (ISO 3166 alpha-2).
SUB_REGIONS = MappingProxyType({
    "M49_015": (N_("Northern Africa"), "DZ EG LY MA SD TN EH"),
    "M49_202": (N_("Sub-Saharan Africa"), "AO BF BI BJ CD CF CG CI CM ER ET GA GH GM GN GW KE LR ML MR NE NG "
                                         "RW SL SN SO SS TD TG TZ UG ZA ZM ZW"),
    "M49_419": (N_("Latin America and the Caribbean"), "AR BO BR CL CO CU DO EC GT HN HT MX NI PE PY SV VE"),
    "M49_143": (N_("Central Asia"), "KZ KG TJ TM UZ"),
    "M49_030": (N_("Eastern Asia"), "CN JP KP KR MN TW"),
    "M49_035": (N_("South-eastern Asia"), "BN ID KH LA MM MY PH SG TH TL VN"),
    "M49_034": (N_("Southern Asia"), "AF BD BT IN IR LK MV NP PK"),
    "M49_145": (N_("Western Asia"), "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE"),
    "M49_151": (N_("Eastern Europe"), "BG BY CZ HU MD PL RO RU SK UA"),
    "M49_039": (N_("Southern Europe"), "AL BA ES GR HR IT ME MK MT PT RS SI XK"),
})

_REGION_OF = MappingProxyType({country: code for code, (_name, members) in SUB_REGIONS.items()
                               for country in members.split()})


def region_of(country: str) -> str:
    """The M49 sub-region code of a country (``M49_145`` for ``GE``); World when not listed."""
    return _REGION_OF.get(country.upper(), WORLD)


def region_name(code: str) -> str:
    """The translated name of a region code."""
    if code == WORLD:
        return _("World")
    return _(SUB_REGIONS[code][0])
