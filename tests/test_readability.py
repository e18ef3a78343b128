"""The readability scorer pinned on known texts, including the pitfalls of standards §7.1."""

from __future__ import annotations

import pytest

from handouts.checks.readability import (
    count_syllables,
    score_sentences,
    score_text,
    score_units,
    split_sentences,
)

PLAIN = (
    "You will lie on your belly. We clean your back. Then we numb the skin. "
    "It stings for a moment. The doctor uses an X-ray to guide the needle. "
    "You may feel pressure. Most people go home after an hour. "
    "Rest for the rest of the day. You can go back to work the next day."
)
CLINICAL = (
    "Transforaminal epidural corticosteroid administration under fluoroscopic guidance "
    "demonstrates statistically significant short-term improvement in radicular symptomatology "
    "secondary to intervertebral disc herniation, although comparative effectiveness relative to "
    "interlaminar approaches remains incompletely characterized. Particulate formulations carry "
    "a documented association with catastrophic neurological complications attributable to "
    "inadvertent intra-arterial injection."
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        # everyday words, including those hyphenation rules undercount (standards §7.1)
        ("medicine", 3),
        ("area", 3),
        ("idea", 3),
        ("every", 3),
        ("people", 2),
        ("tables", 2),
        ("changes", 2),
        ("used", 1),
        ("rested", 2),
        ("safety", 2),
        ("guidelines", 2),
        ("tingling", 3),
        ("fluid", 2),
        ("being", 2),
        ("patient", 2),
        ("technique", 2),
        ("required", 3),
        # medical words that general dictionaries lack or hyphenation undercounts
        ("steroid", 2),
        ("steroids", 2),
        ("epidural", 4),
        ("intrathecal", 4),
        ("radiofrequency", 6),
        ("anesthetic", 4),
        ("fluoroscopy", 5),
        # initialisms, numbers, hyphenated words
        ("MRI", 3),
        ("CT", 2),
        ("15", 1),
        ("X-ray", 2),
        ("follow-up", 3),
    ],
)
def test_syllable_counts(word, syllables):
    assert count_syllables(word) == syllables


def test_formulas_on_a_hand_counted_sentence():
    scores = score_text("The cat sat on the mat.")
    assert (scores.words, scores.sentences, scores.syllables, scores.polysyllables) == (6, 1, 6, 0)
    assert scores.flesch_kincaid_grade == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)
    assert scores.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 6 - 84.6)
    assert scores.smog == pytest.approx(3.1291)
    assert scores.smog_extrapolated


def test_plain_handout_text_matches_a_count_by_hand():
    scores = score_text(PLAIN)
    # Counted by hand: 56 words in 9 sentences, 66 syllables, no word of 3 or more syllables.
    assert (scores.words, scores.sentences, scores.syllables, scores.polysyllables) == (
        56,
        9,
        66,
        0,
    )
    assert scores.flesch_kincaid_grade == pytest.approx(0.74, abs=0.01)
    assert scores.flesch_reading_ease == pytest.approx(100.81, abs=0.01)
    assert scores.mean_sentence_words == pytest.approx(56 / 9)


def test_smog_counts_words_of_three_or_more_syllables():
    scores = score_text("Your doctor will put medicine into the epidural space.")
    assert scores.polysyllables == 2  # medicine, epidural
    assert scores.smog == pytest.approx(1.043 * (2 * 30) ** 0.5 + 3.1291)


def test_clinical_text_scores_as_postgraduate():
    scores = score_text(CLINICAL)
    assert scores.sentences == 2
    assert scores.flesch_kincaid_grade > 20
    assert scores.flesch_reading_ease < 0
    assert scores.smog > 18


def test_abbreviations_and_decimals_do_not_end_sentences():
    text = "Dr. Lee will see you at 9 a.m. on Jan. 5 at St. Mary's. Take 2.5 mL, e.g. with food."
    assert split_sentences(text) == [
        "Dr. Lee will see you at 9 a.m. on Jan. 5 at St. Mary's.",
        "Take 2.5 mL, e.g. with food.",
    ]


def test_an_abbreviation_can_still_end_a_sentence():
    assert split_sentences("Come at 9 a.m. Bring your pills.") == [
        "Come at 9 a.m.",
        "Bring your pills.",
    ]


def test_two_word_sentences_count_as_sentences():
    """textstat drops sentences of two words or fewer but keeps their words (FK 10 here)."""
    scores = score_text("Stop aspirin. Call us. Rest today. Drink water. " * 3)
    assert (scores.sentences, scores.words) == (12, 24)
    assert scores.flesch_kincaid_grade < 5


def test_bullets_without_full_stops_are_separate_sentences():
    items = ["a fever", "redness where the needle went in", "new weakness in your legs"]
    scores = score_units(items)
    assert scores.sentences == 3
    assert scores.flesch_kincaid_grade < 3


def test_longest_sentences_are_reported_longest_first():
    scores = score_sentences(["One two three.", "One two three four five.", "One two."])
    assert scores.longest[0] == (5, "One two three four five.")
    assert [words for words, _ in scores.longest] == [5, 3, 2]


def test_smog_is_marked_extrapolated_below_thirty_sentences():
    assert score_text("We rest. " * 29).smog_extrapolated
    assert not score_text("We rest. " * 30).smog_extrapolated


def test_empty_text_scores_without_dividing_by_zero():
    scores = score_units([])
    assert scores.words == 0 and scores.flesch_kincaid_grade == 0.0
