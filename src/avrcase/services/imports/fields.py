"""The columns an import understands: their keys, labels, value kinds and header names seen in en/lt/ru sheets."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from avrcase.domain.codes import (
    ApprovalStatus,
    ClosureReason,
    ConsentGiver,
    ConsultationMode,
    ConsultationOutcome,
    ConsultationTopic,
    IdDocumentType,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
    SharingParty,
    Vocabulary,
    Vulnerability,
)
from avrcase.domain.stages import Stage
from avrcase.i18n import N_

CASES_SHEET, CONSULTATIONS_SHEET = "Cases", "Consultations"


@dataclass(frozen=True)
class Field:
    """One column: ``kind`` says how its cells are read; ``vocabulary`` for coded values; ``aliases`` for guessing."""

    key: str
    label: str
    kind: str
    vocabulary: type[Vocabulary] | None = None
    required: bool = False
    aliases: tuple[str, ...] = ()


CASE_FIELDS: tuple[Field, ...] = (
    Field("case_key", N_("Case key (your file number)"), "text", aliases=(
        "case key", "case no", "case number", "file number", "file no", "no", "nr", "id", "case id",
        "bylos nr", "bylos numeris", "byla", "nr.", "номер дела", "дело", "№", "№ дела")),
    Field("relationship", N_("Relationship to the principal applicant"), "code", Relationship, aliases=(
        "relationship", "relation", "role", "ryšys", "giminystės ryšys", "ryšys su pareiškėju",
        "родство", "степень родства", "отношение")),
    # One of the two names is enough, as in the case dialog: many Afghans, Eritreans and Indonesians have one name
    # only. A row with neither is refused by the person's own check ("Please enter the name …").
    Field("family_name", N_("Family name"), "text", aliases=(
        "family name", "surname", "last name", "pavardė", "фамилия")),
    Field("given_names", N_("Given names"), "text", aliases=(
        "given names", "given name", "first name", "first names", "forename", "forenames", "forename s", "name",
        "vardas", "vardai", "имя")),
    Field("patronymic", N_("Patronymic"), "text", aliases=(
        "patronymic", "father's name", "middle name", "tėvavardis", "отчество")),
    Field("family_name_original", N_("Family name (original script)"), "text", aliases=(
        "family name original", "surname original", "pavardė originalo rašmenimis", "фамилия в оригинале")),
    Field("given_names_original", N_("Given names (original script)"), "text", aliases=(
        "given names original", "first name original", "forename original", "forenames original",
        "vardas originalo rašmenimis", "имя в оригинале")),
    Field("sex", N_("Sex"), "code", Sex, required=True, aliases=("sex", "gender", "lytis", "пол")),
    Field("date_of_birth", N_("Date of birth"), "date", aliases=(
        "date of birth", "dob", "birth date", "born", "gimimo data", "gim. data", "дата рождения")),
    Field("dob_estimated", N_("Date of birth estimated"), "bool", aliases=(
        "dob estimated", "estimated", "date of birth estimated", "apytikslė gimimo data", "дата рождения примерная")),
    Field("citizenship", N_("Citizenship"), "country", required=True, aliases=(
        "citizenship", "nationality", "pilietybė", "гражданство", "национальность")),
    Field("country_of_birth", N_("Country of birth"), "country", aliases=(
        "country of birth", "gimimo šalis", "страна рождения")),
    Field("languages", N_("Languages"), "text", aliases=("languages", "language", "kalbos", "kalba", "языки", "язык")),
    Field("document_type", N_("Document type"), "code", IdDocumentType, aliases=(
        "document type", "id document", "dokumento tipas", "dokumentas", "тип документа", "документ")),
    Field("document_number", N_("Document number"), "text", aliases=(
        "document number", "passport number", "passport no", "document no", "dokumento numeris", "paso numeris",
        "dokumento nr", "paso nr", "номер документа", "номер паспорта")),
    Field("document_issuing_country", N_("Document issued by"), "country", aliases=(
        "issuing country", "document issued by", "issued by", "išdavusi šalis", "страна выдачи")),
    Field("document_expiry", N_("Document valid until"), "date", aliases=(
        "document expiry", "expiry", "valid until", "galioja iki", "действителен до", "срок действия")),
    Field("phone", N_("Phone"), "text", aliases=("phone", "telephone", "mobile", "telefonas", "tel", "телефон")),
    Field("address", N_("Address"), "text", aliases=("address", "adresas", "адрес")),
    Field("legal_status", N_("Legal status"), "code", LegalStatus, aliases=(
        "legal status", "status in lithuania", "teisinis statusas", "правовой статус")),
    Field("referral_source", N_("Referred by"), "code", ReferralSource, aliases=(
        "referral source", "referred by", "referral", "nukreipė", "siuntėjas", "кем направлен", "направление")),
    Field("country_of_return", N_("Country of return"), "country", aliases=(
        "country of return", "return country", "destination country", "grįžimo šalis", "šalis, į kurią grįžta",
        "страна возвращения")),
    Field("final_destination", N_("Final destination"), "text", aliases=(
        "final destination", "destination", "city", "galutinis tikslas", "miestas", "конечный пункт", "город")),
    Field("registered_on", N_("Registered on"), "date", aliases=(
        "registered on", "registration date", "registered", "date registered", "registracijos data",
        "užregistruota", "дата регистрации")),
    Field("stage", N_("Stage"), "code", Stage, aliases=("stage", "status", "etapas", "būsena", "этап", "статус")),
    Field("consent_given_on", N_("Consent given on"), "date", aliases=(
        "consent given on", "consent date", "consent", "sutikimo data", "sutikimas", "дата согласия", "согласие")),
    Field("consent_given_by", N_("Consent given by"), "code", ConsentGiver, aliases=(
        "consent given by", "sutikimą davė", "согласие дал")),
    Field("consent_legal_basis", N_("Legal basis"), "code", LegalBasis, aliases=(
        "legal basis", "teisinis pagrindas", "правовое основание")),
    Field("notes", N_("Notes"), "text", aliases=("notes", "note", "comments", "remarks", "pastabos", "примечания",
                                                 "комментарии")),
    Field("vulnerabilities", N_("Vulnerabilities"), "codes", Vulnerability, aliases=(
        "vulnerabilities", "vulnerability", "vulnerable", "vulnerable groups", "pažeidžiamumas", "pažeidžiamumai",
        "pažeidžiamos grupės", "pažeidžiama grupė", "уязвимость", "уязвимости", "уязвимые группы")),
    Field("vulnerability_details", N_("Vulnerability details"), "text", aliases=(
        "vulnerability details", "details of vulnerability", "pažeidžiamumo aprašymas", "pažeidžiamumo informacija",
        "описание уязвимости", "подробности уязвимости")),
    Field("counsellor", N_("Counsellor (user name)"), "user", aliases=(
        "counsellor", "counselor", "case worker", "caseworker", "konsultantas", "konsultantė", "atsakingas darbuotojas",
        "консультант", "куратор", "ответственный сотрудник")),
    Field("project", N_("Project or programme"), "text", aliases=(
        "project", "programme", "program", "projektas", "programa", "проект", "программа")),
    Field("return_decision_number", N_("Return decision no."), "text", aliases=(
        "return decision number", "return decision no", "decision number", "decision no",
        "sprendimo nr", "sprendimo numeris", "sprendimo dėl grąžinimo nr", "номер решения", "номер решения о возвращении")),
    Field("return_decision_date", N_("Return decision of"), "date", aliases=(
        "return decision date", "decision date", "date of decision", "sprendimo data", "sprendimo dėl grąžinimo data",
        "дата решения", "дата решения о возвращении")),
    Field("approval_status", N_("Authorities' approval"), "code", ApprovalStatus, aliases=(
        "approval status", "approval", "authorities approval", "authorities' approval", "pritarimas",
        "institucijų pritarimas", "leidimas", "согласование", "одобрение", "одобрение властей")),
    Field("approval_date", N_("Answer dated"), "date", aliases=(
        "approval date", "answer date", "answer dated", "pritarimo data", "atsakymo data", "дата одобрения",
        "дата ответа")),
    Field("approval_reference", N_("Approval reference"), "text", aliases=(
        "approval reference", "approval ref", "approval no", "pritarimo nr", "rašto nr", "номер одобрения",
        "номер согласования")),
    Field("consent_shared_with", N_("May be shared with"), "codes", SharingParty, aliases=(
        "consent shared with", "shared with", "data shared with", "duomenys teikiami", "kam teikiami duomenys",
        "данные передаются", "кому передаются данные")),
    Field("consent_sharing", N_("Agreed to optional sharing"), "bool", aliases=(
        "consent sharing", "optional sharing", "sharing with third parties", "agreed to sharing",
        "sutiko dėl duomenų teikimo", "согласие на передачу")),
    Field("closure_reason", N_("Closure reason"), "code", ClosureReason, aliases=(
        "closure reason", "reason for closure", "reason closed", "uždarymo priežastis", "bylos uždarymo priežastis",
        "причина закрытия")),
)

CONSULTATION_FIELDS: tuple[Field, ...] = (
    CASE_FIELDS[0],
    Field("held_at", N_("Held on"), "datetime", required=True, aliases=(
        "held at", "held on", "date", "consultation date", "data", "konsultacijos data", "дата", "дата консультации")),
    Field("mode", N_("Mode"), "code", ConsultationMode, aliases=("mode", "type", "būdas", "forma", "форма", "тип")),
    Field("topics", N_("Topics"), "codes", ConsultationTopic, aliases=("topics", "topic", "temos", "tema", "темы", "тема")),
    Field("location", N_("Location"), "text", aliases=("location", "place", "vieta", "место")),
    Field("notes", N_("Notes"), "text", aliases=("notes", "note", "pastabos", "примечания", "заметки")),
    Field("interpreter_name", N_("Interpreter"), "text", aliases=("interpreter", "vertėjas", "vertėja", "переводчик")),
    Field("interpreter_language", N_("Interpreter's language"), "text", aliases=(
        "interpreter language", "language of interpretation", "vertimo kalba", "язык перевода")),
    Field("participants", N_("Participants"), "text", aliases=("participants", "present", "dalyviai", "участники")),
    Field("outcome", N_("Outcome"), "code", ConsultationOutcome, aliases=("outcome", "result", "rezultatas", "итог",
                                                                          "результат")),
)

FIELDS_BY_KEY = {f.key: f for f in CASE_FIELDS}
CONSULTATION_FIELDS_BY_KEY = {f.key: f for f in CONSULTATION_FIELDS}


#: No header is longer than this; a longer cell is data (a note), never compared with the field names.
_LONGEST_HEADER = 200


def normalise_header(text: object) -> str:
    """A header as compared: case-folded, accents and punctuation dropped, spaces collapsed."""
    value = unicodedata.normalize("NFKD", str(text or "")).casefold()
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(r"[\s_\-:.*()/]+", " ", value)
    return value.strip()


@functools.cache
def _lookup(fields: tuple[Field, ...]) -> dict[str, str]:
    from avrcase.i18n import load_translations

    lithuanian = load_translations("lt")  # parsed once: header names in the office's language too
    table: dict[str, str] = {}
    for field in fields:
        names = {field.key, field.key.replace("_", " "), field.label, lithuanian.gettext(field.label), *field.aliases}
        for name in names:
            table.setdefault(normalise_header(name), field.key)
    return table


def guess_mapping(headers: list[str], fields: tuple[Field, ...] = CASE_FIELDS) -> dict[int, str]:
    """Column index → field key for each header that names a known field (each field at most once)."""
    table = _lookup(fields)
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = table.get(normalise_header(header))
        if key is not None and key not in mapping.values():
            mapping[index] = key
    return mapping


def header_score(cells: Sequence[object], fields: tuple[Field, ...] = CASE_FIELDS) -> int:
    """How many cells of a row name a known field (the header row is the first scoring at least 3)."""
    table = _lookup(fields)
    # A long cell names no field: a 10 MB note in the first rows was folded letter by letter for each guess (12 s).
    return sum(1 for cell in cells if len(str(cell or "")) <= _LONGEST_HEADER and normalise_header(cell) in table)
