"""The declaration's data-protection section, read back from the PDF in en, lt and ru: controller and contact,
legal basis apart from consent, recipients, retention from the office's setting, rights, supervisory
authority, and a separate optional sharing choice with its own boxes; gendered forms from the person's sex."""

from __future__ import annotations

import dataclasses
import re

import pytest

from avrcase.documents import declaration
from avrcase.domain.codes import Sex
from avrcase.services.documents import case_snapshots as snapshots
from tests.documents.conftest import ISSUED_AT, page_texts

#: Texts each language must print: (legal basis, rights, complaint, sharing is optional, yes box, no box).
EXPECTED = {
    "en": ("necessary to give you the return assistance you apply for", "right to see your data",
           "complain to the supervisory authority", "This choice is optional", "Yes, I agree", "No, I do not agree"),
    "lt": ("būtina jūsų prašomai grįžimo pagalbai suteikti", "Turite teisę susipažinti",
           "pateikti skundą priežiūros institucijai", "Šis pasirinkimas neprivalomas", "Taip, sutinku", "Ne, nesutinku"),
    "ru": ("необходимо для оказания запрошенной вами помощи", "Вы имеете право знакомиться",
           "подать жалобу в надзорный орган", "Этот выбор не обязателен", "Да, я согласна", "Нет, я не согласна"),
}
RETENTION = {"en": "7 years", "lt": "7 metus", "ru": "7 лет"}
RIGHTS = {"en": ("corrected", "erased", "restricted", "object"),
          "lt": ("ištaisyti", "ištrinti", "apriboti", "nesutikti"),
          "ru": ("исправления", "удаления", "ограничения", "возражать")}


def _flat(text: str) -> str:
    """Page text with line breaks and hyphen-free wraps joined, so phrases that wrap still match."""
    return re.sub(r"\s+", " ", text)


def _one_language(multilingual_case, lang, *, sex=Sex.FEMALE.value, retention_years=7, **office_changes):
    case, office = multilingual_case
    principal = dataclasses.replace(case.principal, languages=(lang,), sex=sex)
    case = dataclasses.replace(case, members=(dataclasses.replace(case.members[0], person=principal),))
    office = dataclasses.replace(office, retention_years=retention_years, **office_changes)
    return snapshots.declaration_snapshot(case, office, lang, ISSUED_AT)


@pytest.mark.parametrize("lang", ["en", "lt", "ru"])
def test_data_protection_section_reads_back_in_every_language(multilingual_case, lang):
    snapshot = _one_language(multilingual_case, lang)
    assert [t.language for t in snapshot.texts] == [lang]
    text = _flat("\n".join(page_texts(declaration.render(snapshot).pdf)))
    office = multilingual_case[1]
    assert office.controller_name in text
    assert office.dpo_email in text
    assert "Valstybinė duomenų apsaugos inspekcija / State Data Protection Inspectorate" in text
    assert "partner organisations that support reintegration" in text  # third parties, from the profile
    assert "airlines and other carriers" in text  # recipients, from the profile
    assert RETENTION[lang] in text
    for phrase in EXPECTED[lang] + RIGHTS[lang]:
        assert phrase in text, phrase
    for gone in ("return may not be possible", "grįžimo gali būti neįmanoma", "организовать возвращение может оказаться невозможно"):
        assert gone not in text


def test_retention_follows_the_office_setting_and_the_plural_rules(multilingual_case):
    def retention(lang, years):
        return _one_language(multilingual_case, lang, retention_years=years).texts[0].data_protection[4]

    assert "for 1 year after" in retention("en", 1)
    assert "10 metų" in retention("lt", 10) and "21 metus" in retention("lt", 21)
    assert "1 год " in retention("ru", 1) and "3 года" in retention("ru", 3) and "25 лет" in retention("ru", 25)


def test_legal_basis_is_its_own_paragraph_and_does_not_rest_on_consent(multilingual_case):
    paragraphs = _one_language(multilingual_case, "en").texts[0].data_protection
    assert len(paragraphs) == len(snapshots.DATA_PROTECTION_PARAGRAPHS)
    legal_basis = paragraphs[snapshots.DATA_PROTECTION_PARAGRAPHS.index("legal_basis")]
    assert "public interest" in legal_basis and "vital interests" in legal_basis
    assert "does not rest on the consent" in legal_basis


def test_sharing_is_a_separate_optional_choice_with_two_empty_boxes(multilingual_case):
    snapshot = _one_language(multilingual_case, "en")
    sharing = snapshot.texts[0].sharing
    assert sharing.yes == "Yes, I agree" and sharing.no == "No, I do not agree"
    assert "optional" in sharing.note and "same help to return" in sharing.note
    text = _flat(page_texts(declaration.render(snapshot).pdf)[-1] + " ".join(page_texts(declaration.render(snapshot).pdf)))
    assert "Sharing your data with other organisations (optional)" in text


def test_an_office_with_no_third_parties_asks_no_sharing_question(multilingual_case):
    snapshot = _one_language(multilingual_case, "en", sharing_recipients="")
    assert snapshot.texts[0].sharing is None
    text = _flat(" ".join(page_texts(declaration.render(snapshot).pdf)))
    assert "Yes, I agree" not in text and "How your personal data are used" in text


def test_no_organisation_is_named_in_fixed_wording_of_the_data_protection_section(multilingual_case):
    snapshot = _one_language(multilingual_case, "en", organisation="Caritas Lithuania", controller_name="",
                             data_recipients="the Migration Department", sharing_recipients="our partners")
    text = " ".join(snapshot.texts[0].data_protection) + snapshot.texts[0].sharing.question
    assert "IOM" not in text and "International Organization" not in text
    assert "Caritas Lithuania is responsible" in text  # no separate controller: the organisation is


@pytest.mark.parametrize(("sex", "agree", "gave", "informed"), [
    (Sex.MALE.value, "Я согласен на передачу", "если я сообщил ложные", "buvau informuotas apie"),
    (Sex.FEMALE.value, "Я согласна на передачу", "если я сообщила ложные", "buvau informuota apie"),
    (Sex.UNKNOWN.value, "Я согласен (согласна) на передачу", "если я сообщил(а) ложные", "buvau informuotas (-a) apie"),
])
def test_gendered_forms_follow_the_recorded_sex(multilingual_case, sex, agree, gave, informed):
    ru = _one_language(multilingual_case, "ru", sex=sex).texts[0]
    lt = _one_language(multilingual_case, "lt", sex=sex).texts[0]
    assert agree in ru.sharing.question and gave in " ".join(ru.statements)
    assert informed in " ".join(lt.statements)
    if sex != Sex.UNKNOWN.value:
        everything = " ".join(ru.statements + ru.data_protection + (ru.sharing.question, ru.sharing.yes, ru.sharing.no))
        assert "(согласна)" not in everything and "(а)" not in everything
        assert "(-a)" not in " ".join(lt.statements)
    pdf_text = _flat(" ".join(page_texts(declaration.render(_one_language(multilingual_case, "ru", sex=sex)).pdf)))
    assert agree in pdf_text
