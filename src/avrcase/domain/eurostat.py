"""Eurostat's coding for the statistics on returns (Regulation (EC) 862/2007 as amended by (EU) 2020/851).

Who counts as *returned following an order to leave* (``migr_eirtn``), the codes of citizenship, sex,
age and destination, the type of return and of assistance (``migr_eirt_vol``, ``migr_eirt_ass``) and
the SDMX-CSV layout of a transmission file. Pure Python: the services count, this module codes.
"""

from __future__ import annotations

from types import MappingProxyType

#: Citizens of these countries are not third-country nationals: EU-27, the other EEA states and Switzerland.
EU_EEA_CH = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",  # EU-27
    "IS", "LI", "NO",  # EEA
    "CH",
})

#: Legal statuses under which nobody is ordered to leave (a return decision on such a case is an error).
NOT_ORDERED_TO_LEAVE = frozenset({"protection_status"})

#: Where Eurostat's country coding differs from ISO 3166 alpha-2. The store's ``XX`` means "stateless or
#: unknown" and cannot be told apart, so it is transmitted as ``UNK`` (see docs/statistics.md).
COUNTRY = MappingProxyType({"GR": "EL", "GB": "UK", "XX": "UNK"})
#: The pseudo-citizenships Eurostat's ``citizen`` list has besides countries.
STATELESS, UNKNOWN, TOTAL = "STLS", "UNK", "TOTAL"
SEX = MappingProxyType({"F": "F", "M": "M", "UNK": "UNK"})
SEX_TOTAL = "T"
AGES = ("Y_LT14", "Y14-17", "Y18-34", "Y_GE35", "UNK")

#: The dataflows written, with the extra dimension each has (None: none beyond citizen, sex, age, c_dest).
EIRTN, EIRT_VOL, EIRT_ASS = "MIGR_EIRTN", "MIGR_EIRT_VOL", "MIGR_EIRT_ASS"
DATAFLOWS = (EIRTN, EIRT_VOL, EIRT_ASS)
#: Type of return: voluntary (``VOL``) or enforced (``ENF``); of assistance: assisted (``ASS``) or not (``NASS``).
RETURN_TYPES, ASSISTANCE_TYPES = ("VOL", "ENF"), ("ASS", "NASS")
EXTRA_DIMENSION = MappingProxyType({EIRTN: ("c_dest", None), EIRT_VOL: ("c_return", RETURN_TYPES),
                                    EIRT_ASS: ("c_assist", ASSISTANCE_TYPES)})
AGENCY, VERSION, UNIT = "ESTAT", "1.0", "PER"
#: Frequencies: annual and quarterly (returns are quarterly since Regulation (EU) 2020/851).
ANNUAL, QUARTERLY = "A", "Q"


def country(code: str) -> str:
    """An ISO 3166 alpha-2 code (or the store's ``XX``) in Eurostat's coding."""
    return COUNTRY.get(code, code)


def is_third_country_national(citizenship: str) -> bool:
    """Whether a citizen of ``citizenship`` (ISO code, ``XX`` for stateless or unknown) is a third-country national."""
    return citizenship not in EU_EEA_CH


def header(dataflow: str) -> tuple[str, ...]:
    """The SDMX-CSV header of a dataflow's file (the extra dimension follows ``age``)."""
    return ("DATAFLOW", "freq", "unit", "citizen", "sex", "age", EXTRA_DIMENSION[dataflow][0], "geo", "TIME_PERIOD",
            "OBS_VALUE", "OBS_FLAG")


def dataflow_id(dataflow: str) -> str:
    """The DATAFLOW cell: agency, dataflow and version, as SDMX-CSV writes it."""
    return f"{AGENCY}:{dataflow}({VERSION})"
