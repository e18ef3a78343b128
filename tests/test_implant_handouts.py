"""The stimulator and pump handouts of issue 17: each variant says only what is true of it, each
sign sits at one level of help, the pump's naloxone and alarm wording follow the clinic's
`devices:` settings, write-in lines and questions, and the stimulator trial's diary. Read from
the real PDFs (pypdf), English and Spanish."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import REPO, SAMPLE_SETTINGS, run_cli
from pdfutil import normalise

IMPLANTS = ("spinal-cord-stimulation", "intrathecal-drug-delivery")


def text_of(path, pages=None) -> str:
    reader = PdfReader(path)
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return normalise(" ".join(p.extract_text() or "" for p in chosen).replace("\u00a0", " "))


def handout_pdf(out, name, lang="en", large=False):
    folder = out / "handouts" / ("" if lang == "en" else lang)
    return folder / f"{name}{'-large-print' if large else ''}.pdf"


@pytest.fixture(scope="module")
def implants(every_sample_handout):
    """The sample clinic's stimulator and pump handouts (among the others): default device
    settings, every language, standard and large print."""
    return every_sample_handout


@pytest.fixture(scope="module")
def synchromed_with_naloxone(tmp_path_factory):
    """The pump refill handout for a clinic with SynchroMed pumps whose patients keep naloxone."""
    root = tmp_path_factory.mktemp("synchromed")
    settings = SAMPLE_SETTINGS + "devices:\n  pump_model: synchromed\n  home_naloxone: true\n"
    (root / "handouts.yaml").write_text(settings, encoding="utf-8")
    out = root / "out"
    result = run_cli(
        "handout", "intrathecal-drug-delivery-refill", "--project", root, "--out", out,
        "--lang", "all",
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return out


# -- each variant says only what is true of it ------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "permanent", "implant_paragraph"),
    [
        ("en", "scar tissue", "This is surgery."),
        ("es", "tejido de cicatriz", "Esto es una cirugía."),
    ],
)
def test_the_stimulator_trial_has_no_permanent_lead_text(
    implants, lang, permanent, implant_paragraph
):
    out, _ = implants
    trial = text_of(handout_pdf(out, "spinal-cord-stimulation-trial", lang))
    implant = text_of(handout_pdf(out, "spinal-cord-stimulation-implant", lang))
    assert permanent not in trial and implant_paragraph not in trial
    assert permanent in implant and implant_paragraph in implant
    if lang == "en":
        assert "the leads can move" not in trial and "Until then, the leads can move." in implant
        assert "Do not reach over your head." in trial  # the trial's own rules


@pytest.mark.parametrize(("lang", "steps"), [("en", "3 steps"), ("es", "3 pasos")])
def test_the_refill_handout_does_not_open_with_the_three_steps(implants, lang, steps):
    out, _ = implants
    refill = text_of(handout_pdf(out, "intrathecal-drug-delivery-refill", lang))
    assert steps not in refill
    assert "a trial, then surgery" not in refill and "first of three steps" not in refill
    first_page = text_of(handout_pdf(out, "intrathecal-drug-delivery-refill", lang), [0])
    assert ("Your pump ID card" if lang == "en" else "La tarjeta de su bomba") in first_page
    assert steps in text_of(handout_pdf(out, "intrathecal-drug-delivery-trial", lang), [0])


# -- three levels of help ---------------------------------------------------------------------

LEVELS = {
    "en": ("Call 911 now", "Call us now, day or night", "Call us in office hours"),
    "es": (
        "Llame al 911 ahora",
        "Llámenos ahora, de día o de noche",
        "Llámenos en horario de oficina",
    ),
}
SEVERE_HEADACHE = {
    "en": "A headache that is worse when you sit or stand and is severe, or comes with fever",
    "es": "Un dolor de cabeza que empeora al sentarse o ponerse de pie y es fuerte",
}


def levels(text: str, lang: str) -> list[int]:
    places = [text.index(heading) for heading in LEVELS[lang]]
    assert places == sorted(places)
    return places


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("variant", ["trial", "implant"])
def test_a_severe_stimulator_headache_is_in_the_911_box(implants, lang, variant):
    out, _ = implants
    text = text_of(handout_pdf(out, f"spinal-cord-stimulation-{variant}", lang))
    urgent, now, _office = levels(text, lang)
    assert text.count(SEVERE_HEADACHE[lang]) == 1
    assert urgent < text.index(SEVERE_HEADACHE[lang]) < now
    boxes_after = text[now:]
    assert "emergency department" not in boxes_after and "sala de emergencias" not in boxes_after


@pytest.mark.parametrize(
    "name",
    ["spinal-cord-stimulation-trial", "spinal-cord-stimulation-implant",
     "intrathecal-drug-delivery-trial", "intrathecal-drug-delivery-implant",
     "intrathecal-drug-delivery-refill"],
)  # fmt: skip
def test_each_implant_sign_sits_at_one_level(implants, name):
    out, _ = implants
    text = text_of(handout_pdf(out, name))
    _urgent, now, office = levels(text, "en")
    slow = "not ease after 2 to 3 days"  # pain that does not settle: office hours only
    assert text.count(slow) == 1 and text.index(slow) > office
    assert text.index("fever or chills") in range(now, office)
    if name.endswith("refill"):
        assert text.index("a refill visit that you cannot make") > office


# -- the pump follows the clinic's devices: settings -------------------------------------------

NALOXONE_BY_911 = {
    "en": "The emergency team treats it with a medicine called naloxone.",
    "es": "El equipo de emergencias lo trata con una medicina llamada naloxona.",
}
NALOXONE_AT_HOME = {
    "en": "Have someone give you your naloxone, then still call 911.",
    "es": "Pida a alguien que le dé su naloxona, y luego llame igual al 911.",
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_naloxone_wording_follows_home_naloxone(implants, synchromed_with_naloxone, lang):
    out, _ = implants
    default = text_of(handout_pdf(out, "intrathecal-drug-delivery-refill", lang))
    urgent, now, _ = levels(default, lang)
    assert urgent < default.index(NALOXONE_BY_911[lang]) < now
    assert NALOXONE_AT_HOME[lang] not in default

    at_home = text_of(
        handout_pdf(synchromed_with_naloxone, "intrathecal-drug-delivery-refill", lang)
    )
    urgent, now, _ = levels(at_home, lang)
    assert urgent < at_home.index(NALOXONE_AT_HOME[lang]) < now
    assert NALOXONE_BY_911[lang] not in at_home
    trial = text_of(handout_pdf(out, "intrathecal-drug-delivery-trial", lang))
    assert NALOXONE_BY_911[lang] in trial  # the test dose's overdose signs name it too


def test_pump_alarm_wording_follows_pump_model(implants, synchromed_with_naloxone):
    out, _ = implants
    generic = text_of(handout_pdf(out, "intrathecal-drug-delivery-refill"))
    assert "Your team will tell you what it sounds like" in generic
    assert "tone" not in generic  # no maker's tones printed as true of every pump
    assert (
        "a pump alarm, even at night, above all one that means your medicine has stopped"
        in (generic[levels(generic, "en")[1] :])
    )

    synchromed = text_of(handout_pdf(synchromed_with_naloxone, "intrathecal-drug-delivery-refill"))
    assert "Two tones mean your medicine has stopped, or will stop soon." in synchromed
    assert "So we must check it after every scan." in synchromed
    assert "Your team will tell you what it sounds like" not in synchromed
    _urgent, now, office = levels(synchromed, "en")
    assert now < synchromed.index("a pump alarm, even at night. Two tones: your medicine") < office
    spanish = text_of(
        handout_pdf(synchromed_with_naloxone, "intrathecal-drug-delivery-refill", "es")
    )
    assert "Dos tonos quieren decir que la medicina se ha detenido" in spanish


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("devices:\n  pump_model: medtronic\n", "devices.pump_model: 'medtronic' is not allowed"),
        ("devices:\n  home_naloxone: maybe\n", "devices.home_naloxone"),
        ("devices:\n  pump_colour: red\n", "devices.pump_colour: unknown field"),
    ],
)
def test_a_wrong_devices_setting_names_file_line_and_field(make_project, settings, message):
    root = make_project(settings=SAMPLE_SETTINGS + settings)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    lines = [line for line in result.stderr.splitlines() if message in line]
    assert lines, result.stderr
    assert re.search(r"handouts\.yaml:\d+:\d+: ", lines[0])


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("{pump_model: medtronic}", ".when.pump_model: 'medtronic' is not allowed"),
        ("{pump_colour: red}", ".when.pump_colour: unknown field"),
    ],
)
def test_a_wrong_when_names_file_line_and_field(make_project, when, message):
    path = REPO / "content" / "procedures" / "intrathecal-drug-delivery.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      when: {pump_model: synchromed}\n", f"      when: {when}\n", 1
    )
    root = make_project({"content/procedures/intrathecal-drug-delivery.yaml": text})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if message in line]
    assert lines, result.stderr
    assert re.search(r"content/procedures/intrathecal-drug-delivery\.yaml:\d+:\d+: ", lines[0])


# -- write-in lines and questions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lang", "lines"),
    [
        ("intrathecal-drug-delivery-implant", "en",
         ["My pump", "Model:", "Medicine:", "MRI rule:", "Your next refill:"]),
        ("intrathecal-drug-delivery-refill", "en",
         ["My pump", "Model:", "Medicine:", "MRI rule:", "Your next refill:"]),
        ("spinal-cord-stimulation-implant", "en",
         ["My stimulator", "Maker and model:", "MRI rule:", "Phone of the device company:"]),
        ("intrathecal-drug-delivery-refill", "es",
         ["Mi bomba", "Modelo:", "Medicina:", "Regla para la resonancia:", "Su próxima recarga:"]),
        ("spinal-cord-stimulation-implant", "es",
         ["Mi estimulador", "Fabricante y modelo:", "Teléfono de la compañía del aparato:"]),
    ],
)  # fmt: skip
def test_write_in_lines_are_printed(implants, name, lang, lines):
    out, _ = implants
    text = text_of(handout_pdf(out, name, lang))
    for line in lines:
        assert line in text, line
    assert ("Questions to ask us" if lang == "en" else "Preguntas para hacernos") in text


def test_a_write_in_list_is_kept_whole(implants):
    out, _ = implants
    for name in ("intrathecal-drug-delivery-implant", "intrathecal-drug-delivery-refill"):
        pages = [text_of(handout_pdf(out, name), [i]) for i in range(4)]
        holding = [i for i, page in enumerate(pages) if "Model:" in page]
        assert len(holding) == 1, name
        assert "Your next refill:" in pages[holding[0]] and "My pump" in pages[holding[0]]


def test_the_trials_have_no_write_in_for_a_device_they_do_not_have(implants):
    out, _ = implants
    for name in ("spinal-cord-stimulation-trial", "intrathecal-drug-delivery-trial"):
        text = text_of(handout_pdf(out, name))
        assert "My stimulator" not in text and "My pump" not in text
        assert "How will we know if my trial worked?" in text


# -- the stimulator trial's diary ---------------------------------------------------------------


def test_the_stimulator_trial_diary_asks_what_the_trial_measures(implants):
    out, _ = implants
    pdf = handout_pdf(out, "spinal-cord-stimulation-trial")
    diary = text_of(pdf, [len(PdfReader(pdf).pages) - 1])
    header = "When Pain (circle 0 to 10) Percent better What were you doing? Pain medicine you took"
    assert header in diary
    assert diary.count("0 1 2 3 4 5 6 7 8 9 10") == 8  # a usual day, then days 1 to 7
    assert "Before the trial" in diary and "Day 7" in diary
    assert "Front" in diary and "Back" in diary  # the body outline to shade
    spanish = handout_pdf(out, "spinal-cord-stimulation-trial", "es")
    page = text_of(spanish, [len(PdfReader(spanish).pages) - 1])
    assert "Cuándo Dolor (marque de 0 a 10) Cuánto mejor ¿Qué estaba haciendo?" in page


def test_the_body_outline_is_printed_on_the_trial_diary(implants):
    _, output = implants
    assert "spinal-cord-stimulation-trial: figure body-outline left out" not in output
    assert "spinal-cord-stimulation-trial-large-print: figure body-outline left out" not in output
    out, _ = implants
    large = text_of(handout_pdf(out, "spinal-cord-stimulation-trial", large=True))
    assert "Front" in large and "Back" in large


def test_the_implant_handouts_keep_their_page_limits(implants):
    out, output = implants
    names = ["spinal-cord-stimulation-trial", "spinal-cord-stimulation-implant"] + [
        f"intrathecal-drug-delivery-{v}" for v in ("trial", "implant", "refill")
    ]
    for lang, limit in {"en": 4, "es": 5}.items():  # es: its own page_limit (issue 16)
        for name in names:
            for large in (False, True):
                pdf = handout_pdf(out, name, lang, large)
                shown = pdf.relative_to(out.parent).as_posix()
                line = re.search(
                    re.escape(shown) + r"\s+(\d+) pages(?:, (\d+) diary)? \(limit (\d+)\)", output
                )
                assert line, shown
                pages, diary, stated = (int(g or 0) for g in line.groups())
                assert len(PdfReader(pdf).pages) == pages + diary
                assert stated == limit * (2 if large else 1)
                assert pages <= stated, shown
                assert diary == (0 if "trial" not in name else 2 if large else 1)
