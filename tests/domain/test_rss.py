"""Sustainability survey: the data file, its validation in plain words, and scoring by hand-worked examples."""

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.errors import ValidationError
from avrcase.domain.rss import SurveyFileError, default_survey, load_survey, parse_survey, score_survey
from avrcase.i18n import set_locale


def small_survey(**changes) -> dict:
    """Two dimensions: economic (weights 2 and 1) and social (one indicator); composite weights 3 : 1."""
    yes_no = [{"key": "yes", "label": "Yes", "value": 1}, {"key": "half", "label": "Partly", "value": 0.5},
              {"key": "no", "label": "No", "value": 0}, {"key": "refused", "label": "Refused", "value": None},
              {"key": "na", "label": "Does not apply", "value": None, "not_applicable": True}]
    survey = {
        "format": 1, "name": "Test survey", "source": "written for the tests", "status": "test values",
        "official": False, "min_answered_share": 0.5,
        "dimensions": [{"key": "economic", "label": {"en": "Economic", "lt": "Ekonominis"}, "weight": 3},
                       {"key": "social", "label": "Social", "weight": 1}],
        "indicators": [
            {"key": "income", "dimension": "economic", "weight": 2, "name": "Income",
             "question": {"en": "Do you earn enough?", "lt": "Ar uždirbate pakankamai?"}, "answers": yes_no},
            {"key": "debt", "dimension": "economic", "weight": 1, "name": "Debt", "question": "Debt-free?",
             "answers": yes_no},
            {"key": "housing", "dimension": "social", "weight": 1, "name": "Housing", "question": "Housed?",
             "answers": yes_no},
        ],
    }
    survey.update(changes)
    return survey


def definition(**changes):
    return parse_survey(json.dumps(small_survey(**changes)), "test.json")


def test_hand_worked_example():
    score = score_survey(definition(), {"income": "half", "debt": "yes", "housing": "no"})
    # economic = (2 × 0.5 + 1 × 1) / 3 = 2/3; social = 0; composite = (3 × 2/3 + 1 × 0) / 4 = 1/2
    assert score.dimension("economic").score == pytest.approx(2 / 3)
    assert score.dimension("social").score == 0
    assert score.composite == 0.5
    assert score.missing == () and score.statements() == []


def test_missing_answers_are_left_out_and_stated():
    score = score_survey(definition(), {"income": "yes", "debt": "refused", "housing": "yes"})
    # debt carries 1 of 3 economic weight; 2/3 answered is above the 50 % minimum
    assert score.dimension("economic").score == 1 and score.dimension("economic").missing == ("debt",)
    assert score.composite == 1
    assert score.statements() == ["1 of 3 indicators has no scored answer (“Debt”); it is left out of the scores."]


def test_too_little_answered_gives_no_score_and_says_why():
    score = score_survey(definition(), {"debt": "yes", "housing": "half"})
    assert score.dimension("economic").score is None
    assert score.dimension("social").score == 0.5
    assert score.composite is None
    assert score.statements()[1:] == [
        "No score for the dimension “Economic”: the answers cover 33% of its weight, less than the 50% needed.",
        "No composite score, because a dimension has no score.",
    ]


def test_not_applicable_takes_the_indicator_out_of_its_dimension():
    score = score_survey(definition(), {"income": "na", "debt": "half", "housing": "yes"})
    assert score.dimension("economic").score == 0.5 and score.dimension("economic").answered_share == 1
    assert score.missing == ()
    assert score.statements() == ["“Income” does not apply to this returnee and is left out."]


def test_unknown_indicators_and_answers_are_refused():
    with pytest.raises(ValidationError) as err:
        score_survey(definition(), {"income": "maybe", "pets": "yes"})
    assert err.value.errors == {"income": "“maybe” is not an answer to “Income”.",
                                "pets": "The survey has no indicator “pets”."}


def test_texts_follow_the_locale_with_english_fallback():
    survey = definition()
    assert survey.indicator("income").question("lt") == "Ar uždirbate pakankamai?"
    set_locale("lt_LT")
    assert survey.dimensions[0].label() == "Ekonominis"
    assert survey.indicator("debt").question() == "Debt-free?"


def test_default_file_has_fifteen_indicators_over_three_dimensions_and_says_it_is_not_official():
    survey = default_survey()
    assert len(survey.indicators) == 15
    assert [d.key for d in survey.dimensions] == ["economic", "social", "psychosocial"]
    assert all(survey.indicators_of(d.key) for d in survey.dimensions)
    assert survey.official is False
    assert "NOT IOM's official values" in survey.status and "IOM (2017)" in survey.source
    best = {i.key: max(i.answers, key=lambda a: a.value or 0).key for i in survey.indicators}
    worst = {i.key: min((a for a in i.answers if a.value is not None), key=lambda a: a.value).key
             for i in survey.indicators}
    assert score_survey(survey, best).composite == 1
    assert score_survey(survey, worst).composite == 0


def test_an_office_loads_another_file(tmp_path):
    path = tmp_path / "official.json"
    path.write_text(json.dumps(small_survey(official=True, name="Office file")), encoding="utf-8")
    survey = load_survey(path)
    assert survey.official and survey.name == "Office file"


def test_file_problems_are_all_reported_in_plain_words(tmp_path):
    broken = small_survey(format=2, status="", official="yes")
    broken["indicators"][0]["weight"] = -1
    broken["indicators"][1]["dimension"] = "spiritual"
    broken["dimensions"].append({"key": "civic", "label": "Civic", "weight": 1})
    broken["indicators"][2]["answers"] = [{"key": "a", "label": "A", "value": 1.5}, {"key": "a", "label": "B"}]
    with pytest.raises(SurveyFileError) as err:
        parse_survey(json.dumps(broken), "office.json")
    problems = err.value.problems
    assert str(err.value).startswith("The survey file “office.json” cannot be used:\n- ")
    assert "“format” must be 1; this app reads no other." in problems
    assert any(p.startswith("“status” must say") for p in problems)
    assert "“official” must be true or false: are these IOM's official values?" in problems
    assert "indicators 1 (“income”): “weight” must be a number above 0, not “-1”." in problems
    assert any(p.startswith("indicators 2 (“debt”): “dimension” must be one of") for p in problems)
    housing = "indicators 3 (“housing”)"
    assert f"{housing} answers 1 (“a”): “value” must be a number from 0 to 1, not “1.5”." in problems
    assert f"{housing} answers 2: the key “a” is used twice." in problems
    assert "The dimension “civic” has no indicator." in problems
    assert len(problems) == 8


def test_unreadable_and_non_json_files(tmp_path):
    with pytest.raises(SurveyFileError, match="cannot be read"):
        load_survey(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(SurveyFileError, match=r"not valid JSON: .*line 1, column 3"):
        load_survey(bad)


WEIGHT = st.integers(min_value=1, max_value=50).map(lambda n: Fraction(n, 7))


# No deadline: a slow CI machine must not turn a correct example into a failure.
@settings(deadline=None)
@given(st.data())
def test_scores_always_lie_between_zero_and_one(data):
    survey = default_survey()
    answers = {}
    for indicator in survey.indicators:
        choice = data.draw(st.sampled_from([None, *indicator.answers]))
        if choice is not None:
            answers[indicator.key] = choice.key
    share = data.draw(st.sampled_from([Fraction(1, 100), Fraction(1, 2), Fraction(1)]))
    weights = {i.key: data.draw(WEIGHT) for i in survey.indicators}
    reweighted = parse_survey(json.dumps({
        "format": 1, "name": "n", "source": "s", "status": "s", "official": False,
        "min_answered_share": float(share),
        "dimensions": [{"key": d.key, "label": d.label(), "weight": float(data.draw(WEIGHT))}
                       for d in survey.dimensions],
        "indicators": [{"key": i.key, "dimension": i.dimension, "weight": float(weights[i.key]), "name": i.name(),
                        "question": i.question(), "answers": [
                            {"key": a.key, "label": a.label(), "value": None if a.value is None else float(a.value),
                             "not_applicable": a.not_applicable} for a in i.answers]}
                       for i in survey.indicators],
    }))
    score = score_survey(reweighted, answers)
    for value in [score.composite, *(d.score for d in score.dimensions)]:
        assert value is None or 0 <= value <= 1
    assert (score.composite is None) == any(d.score is None for d in score.dimensions)
    assert len(score.missing) + sum(len(d.answered) + len(d.not_applicable) for d in score.dimensions) == 15


@pytest.mark.parametrize("locale", ["lt", "ru"])
def test_the_shipped_survey_reads_in_the_interface_s_languages(locale):
    """Walk 12: a Russian survey form showed "Economic: — · Social: — · Psychosocial: — · Сводный: —" over English
    questions and answers; every text of the shipped survey now has its Lithuanian and Russian wording."""
    from avrcase.i18n import NP_, _

    survey = default_survey()
    texts = [d.labels for d in survey.dimensions]
    texts += [t for i in survey.indicators for t in (i.names, i.questions, *(a.labels for a in i.answers))]
    assert all(locale in t and t[locale] != t["en"] for t in texts), [t["en"] for t in texts if locale not in t]
    set_locale(locale)
    try:  # a dimension is named as the monitoring table heads its score
        assert [d.label() for d in survey.dimensions] == [
            _(NP_("score", name)) for name in ("Economic", "Social", "Psychosocial")]
    finally:
        set_locale("en")
