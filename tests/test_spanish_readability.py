"""The Spanish readability gate: INFLESZ and Fernández-Huerta with Spanish syllable counting."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO, run_cli
from handouts.checks.spanish import count_syllables, score_units, split_sentences

EASY = (
    "Es una inyección de medicina cerca de un nervio. Calma el dolor por un tiempo. "
    "Usted se acuesta en una camilla. Le limpiamos la piel. Puede sentir un pinchazo. "
    "Después, descanse hoy. Llámenos si tiene fiebre."
)
# One long sentence of long clinical words: what the gate must stop.
HARD = (
    "La administración epidural de corticosteroides particulados, realizada bajo control "
    "fluoroscópico con inyección de medio de contraste, constituye una intervención "
    "terapéutica indicada en radiculopatías secundarias a herniaciones discales, cuya "
    "eficacia analgésica, habitualmente transitoria, presenta considerable variabilidad "
    "interindividual y cuyas complicaciones neurológicas, infrecuentes pero potencialmente "
    "catastróficas, requieren consentimiento informado exhaustivo."
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("aorta", 3),  # hiatus of two strong vowels: a-or-ta
        ("oído", 3),  # an accented weak vowel breaks the diphthong: o-í-do
        ("día", 2),
        ("agua", 2),  # a weak vowel joins: a-gua
        ("aguja", 3),
        ("inyección", 3),
        ("radiofrecuencia", 5),  # ra-dio-fre-cuen-cia
        ("hoy", 1),  # final y is a vowel glide
        ("ayuda", 3),  # y before a vowel is a consonant
        ("guía", 2),
        ("ciudad", 2),
        ("esteroides", 4),
        ("FDA", 3),
        ("10,000", 1),
    ],
)
def test_spanish_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_sentences_may_open_with_inverted_marks():
    assert split_sentences(
        "¿Qué es? Es una inyección. ¡Llámenos hoy! Tome 2.5 mg a las 9 a.m. cada día."
    ) == [
        "¿Qué es?",
        "Es una inyección.",
        "¡Llámenos hoy!",
        "Tome 2.5 mg a las 9 a.m. cada día.",
    ]


def test_plain_spanish_scores_easy_and_hard_spanish_does_not():
    easy, hard = score_units([EASY]), score_units([HARD])
    assert easy.sentences == 7
    assert easy.inflesz > 80 and easy.band == "muy fácil"
    assert hard.sentences == 1
    assert hard.inflesz < 40 and hard.band == "muy difícil"
    assert hard.fernandez_huerta < easy.fernandez_huerta - 40


def test_the_gate_fails_a_hard_spanish_handout(make_project):
    path = REPO / "content" / "es" / "procedures" / "epidural-steroid-injection.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in data["patient"]["sections"]:
        section["body"] = " ".join([HARD] * 2)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    root = make_project({"content/es/procedures/epidural-steroid-injection.yaml": text})
    result = run_cli("check", "--project", root, "--lang", "es", "epidural-steroid-injection")
    assert result.exit_code == 1
    assert "es/epidural-steroid-injection: patient text scores INFLESZ" in result.stdout
    assert "below the minimum of 65" in result.stdout
    # The English is untouched and still passes.
    english = run_cli("check", "--project", root, "--lang", "en", "epidural-steroid-injection")
    assert english.exit_code == 0, english.stdout
    # The build refuses the Spanish handout before writing anything.
    built = run_cli("handout", "epidural-steroid-injection", "--project", root, "--lang", "es")
    assert built.exit_code == 1
    assert not (root / "output").exists()
