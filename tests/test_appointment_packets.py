"""Personalised packets: `handouts handout ID --patient ...` and `handouts batch schedule.csv`.

Both commands run once per session (module fixtures below); the tests read the real PDFs.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat

import pytest
from pypdf import PdfReader

from conftest import REPO, run_cli
from pdfutil import normalise, outline_titles, page_texts

NAME = "Maria Lopez"
SECRET = "INSURANCE-7731"  # an extra column the practice system exports: must go nowhere

SCRIPT_NAMES = {
    "A-2": "Nguyễn Thị Minh Khai",
    "A-3": "王小明",
    "A-4": "محمد عبد الله",
    "A-5": "Zoë O'Brien-Smith",
    "A-6": "Maximiliana Wilhelmina Theodora Konstantinopolous-Vanderbilt-"
    "Featherstonehaugh y de la Cruz",
}
ROWS = [
    # id, name, procedure, date, time, sedation, holds, note
    (
        "A-1",
        NAME,
        "epidural-steroid-injection",
        "2026-12-01",
        "09:30",
        "yes",
        "apixaban:3; clopidogrel:7",
        "Bring <i>your</i> MRI",
    ),
    *[
        (ident, name, "radiofrequency-ablation", "2026-12-01", f"1{n}:00", "no", "", "")
        for n, (ident, name) in enumerate(SCRIPT_NAMES.items())
    ],
    ("A-7", "<b>Ana</b>", "radiofrequency-ablation", "2026-12-01", "07:45", "no", "", ""),
    ("A-8", "Pat Doe", "no-such-procedure", "2026-12-01", "08:00", "no", "", ""),
    ("A-9", "Pat Doe", "radiofrequency-ablation", "2026-02-30", "08:00", "no", "", ""),
    ("A-10", "", "radiofrequency-ablation", "2026-12-01", "25:00", "no", "", ""),
    ("A-11", "Pat \ue000 Doe", "radiofrequency-ablation", "2026-12-01", "08:00", "no", "", ""),
    ("A-12", "Pat Doe", "radiofrequency-ablation", "2026-12-01", "08:00", "maybe", "", ""),
]
GOOD_IDS = ["A-1", *SCRIPT_NAMES, "A-7"]


def csv_text(rows, separator=";") -> str:
    header = [
        "appointment_id",
        "patient_name",
        "procedure",
        "date",
        "time",
        "sedation",
        "holds",
        "note",
        "insurance",
    ]
    lines = [separator.join(header)]
    for row in rows:
        cells = [*row, SECRET]
        lines.append(separator.join(f'"{c}"' if separator in c else c for c in cells))
    return "\ufeff" + "\n".join(lines) + "\n"  # with Excel's byte-order mark


def page_text(path, index=0) -> str:
    return PdfReader(path).pages[index].extract_text()


# -- one patient --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    out = tmp_path_factory.mktemp("single")
    result = run_cli(
        "handout", "epidural-steroid-injection", "--project", REPO, "--out", out,
        "--patient", NAME, "--date", "2026-12-01", "--time", "09:30",
        "--appointment-id", "A-77", "--physician", "Dr. Jane O'Hara",
        "--hold", "apixaban:3", "--sedation",
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return out, result


def test_single_packet_file_name_and_permissions(single):
    out, result = single
    path = out / "appointments" / "2026-12-01-0930-epidural-steroid-injection-A-77.pdf"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert NAME not in result.output + result.stderr
    assert "Lopez" not in str(list(out.rglob("*")))


def test_single_packet_first_page_is_the_appointment(single):
    out, _ = single
    path = next((out / "appointments").glob("*.pdf"))
    text = " ".join(page_text(path).split())
    for expected in [
        "Your appointment",
        NAME,
        "Epidural steroid injection",
        "Tuesday, December 1, 2026",
        "9:30 AM",
        "Please arrive by 9:00 AM (30 minutes early)",
        "Dr. Jane O'Hara",
        "Take your last dose of apixaban on Friday, November 27. Do not take it on "
        "November 28, 29 or 30, or on the morning of your procedure.",
        "Ask us when to start taking it again.",
        # The sample clinic fasts 8 hours (food) and 2 hours (clear liquids) before arrival.
        "No food after 1:00 AM on Tuesday, December 1.",
        "until 7:00 AM on Tuesday, December 1",
        "An adult must drive you home.",
        "(555) 010-0142",
        "(555) 010-0199",
    ]:
        assert expected in text, expected
    reader = PdfReader(path)
    assert "Your appointment" not in reader.pages[1].extract_text()  # the handout follows
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # still one tagged document


def test_the_handout_starts_on_page_3_behind_the_notes_page(single):
    """Printed double-sided, the appointment page's back is "my notes", never handout page 1."""
    out, _ = single
    path = next((out / "appointments").glob("*.pdf"))
    texts = [normalise(t) for t in page_texts(path)]
    for expected in [
        "Before your visit: my notes",
        "My medicines",
        "Medicine How much When I take it",
        "Questions to ask us",
        "When do I start my medicines again?",  # a hold without a restart day
        "Notes",
    ]:
        assert expected in texts[1], expected
    assert "Page 1 of" not in texts[1] and "Page 1 of" in texts[2]
    outline = outline_titles(path)
    assert ("Before your visit: my notes", 1, 1) in outline
    assert ("Epidural steroid injection", 0, 2) in outline  # the handout's own bookmark
    root = PdfReader(path).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_a_longer_appointment_part_is_padded_so_the_handout_starts_on_an_odd_page(tmp_path):
    # At 18 pt, two holds, fasting and a note take the appointment page onto a second side;
    # its notes page is the third, and a blank fourth keeps the handout on page 5.
    target = tmp_path / "large.pdf"
    result = run_cli(
        "handout", "spinal-cord-stimulation-trial", "--project", REPO, "-o", target,
        "--patient", NAME, "--date", "2026-12-01", "--time", "09:30", "--large-print",
        "--hold", "apixaban:3", "--hold", "clopidogrel:7", "--sedation",
        "--note", "Bring your MRI disc and the list of all your medicines, with their doses.",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    texts = [normalise(t) for t in page_texts(target)]
    first = next(i for i, t in enumerate(texts) if "Page 1 of" in t)
    notes = next(i for i, t in enumerate(texts) if "Before your visit: my notes" in t)
    assert notes >= 2, "this appointment part no longer runs past one page"
    assert first % 2 == 0  # 0-based: page 3, 5, ... a front side when printed double-sided
    assert all(not t for t in texts[notes + 1 : first])  # only blank pages between
    assert f"({len(texts)} pages)" in result.output


def test_the_same_appointment_makes_the_same_bytes(single, tmp_path):
    """The manifest's hash is the clinic's record of what was handed over: making the packet
    again from the same content must give the same file."""
    out, _ = single
    (first,) = (out / "appointments").glob("*.pdf")
    result = run_cli(
        "handout", "epidural-steroid-injection", "--project", REPO, "-o", tmp_path / "again.pdf",
        "--patient", NAME, "--date", "2026-12-01", "--time", "09:30",
        "--appointment-id", "A-77", "--physician", "Dr. Jane O'Hara",
        "--hold", "apixaban:3", "--sedation",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "again.pdf").read_bytes() == first.read_bytes()


def test_single_packet_metadata_never_names_the_patient(single):
    out, _ = single
    meta = PdfReader(next((out / "appointments").glob("*.pdf"))).metadata
    values = " ".join(str(v) for v in meta.values())
    assert "Epidural steroid injection" in meta.title
    assert "Lopez" not in values
    bookmarks = PdfReader(next((out / "appointments").glob("*.pdf"))).outline
    assert "Lopez" not in str(bookmarks)


def test_without_sedation_there_is_no_fasting_text(tmp_path):
    target = tmp_path / "packet.pdf"
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", REPO, "-o", target,
        "--patient", NAME, "--date", "2026-12-01", "--time", "14:00", "--arrive-minutes", "45",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = " ".join(page_text(target).split())
    assert "Please arrive by 1:15 PM (45 minutes early)" in text
    assert "No food" not in text and "clear liquids" not in text


def test_packet_options_need_a_patient():
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", REPO, "--date", "2026-12-01"
    )
    assert result.exit_code == 2
    assert "--date makes a personalised packet and needs --patient" in result.stderr


def test_bad_packet_options_are_named_without_the_name(tmp_path):
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", REPO, "--out", tmp_path,
        "--patient", NAME, "--date", "2026-02-30", "--time", "9.30", "--hold", "apixaban",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--date: is not a real date" in result.stderr
    assert "--time: is not a time as HH:MM" in result.stderr
    assert "--hold: entry 1 is not DRUG:DAYS" in result.stderr
    assert NAME not in result.stderr
    assert not list(tmp_path.rglob("*.pdf"))


# -- a whole schedule ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    schedule = folder / "tomorrow.csv"
    schedule.write_text(csv_text(ROWS), encoding="utf-8")
    out = folder / "packets"
    result = run_cli("batch", schedule, "--project", REPO, "--out", out, "--jobs", "2")
    return out, result


def test_batch_reports_bad_rows_by_number_and_id_and_exits_1(batch):
    _, result = batch
    assert result.exit_code == 1
    err = result.stderr
    assert "row 9 (appointment A-8): procedure: unknown procedure 'no-such-procedure'" in err
    assert "row 10 (appointment A-9): date: is not a real date" in err
    assert "row 11 (appointment A-10): patient_name: is empty" in err
    assert "row 11 (appointment A-10): " in err and "time: is not a real time" in err
    assert "2026-02-30" not in err and "25:00" not in err  # a value is never quoted
    assert "row 12 (appointment A-11): patient_name: contains a character no installed font" in err
    assert "row 13 (appointment A-12): sedation: is not yes or no" in err
    assert "Wrote 7 packets" in result.output and "5 rows failed" in result.output


def test_batch_writes_good_rows_only_with_private_permissions(batch):
    out, _ = batch
    packets = sorted(p.name for p in out.glob("A-*.pdf"))
    expected = sorted(f"{r[0]}-{r[2]}.pdf" for r in ROWS if r[0] in GOOD_IDS)
    assert packets == expected
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_batch_never_shows_names_notes_or_other_columns(batch):
    out, result = batch
    console = result.output + result.stderr
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    file_names = " ".join(p.name for p in out.iterdir())
    for secret in [NAME, "Pat Doe", "Ana", "MRI", SECRET, *SCRIPT_NAMES.values()]:
        assert secret not in console
        assert secret not in manifest
        assert secret not in file_names
    for path in out.glob("A-*.pdf"):
        metadata = " ".join(str(v) for v in PdfReader(path).metadata.values())
        assert "Lopez" not in metadata and "Ana" not in metadata


def squeeze(text: str) -> str:
    """Text without spaces and hyphens: line breaks in a long name move or drop them."""
    return re.sub(r"[\s\-]", "", text)


def test_batch_names_print_as_written_in_any_script(batch):
    out, _ = batch
    for ident, name in SCRIPT_NAMES.items():
        path = out / f"{ident}-radiofrequency-ablation.pdf"
        page = PdfReader(path).pages[0]
        if ident == "A-4":  # Arabic: extraction reorders right-to-left text; check its font
            fonts = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
            assert any("Arabic" in font for font in fonts), fonts
        else:
            assert squeeze(name) in squeeze(page.extract_text()), ident


def test_batch_escapes_text_from_the_csv(batch):
    out, _ = batch
    assert "<b>Ana</b>" in page_text(out / "A-7-radiofrequency-ablation.pdf")
    assert "Bring <i>your</i> MRI" in page_text(out / "A-1-epidural-steroid-injection.pdf")


def test_batch_manifest_records_each_packet(batch):
    out, _ = batch
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["appointments"]
    assert sorted(entries) == sorted(GOOD_IDS)
    for entry in entries.values():
        path = out / entry["file"]
        assert entry["procedure"] in path.name
        assert entry["content_version"]  # the procedure's review.version
        assert entry["pages"] == len(PdfReader(path).pages)
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_print_file_starts_every_packet_on_a_fresh_sheet(batch):
    out, _ = batch
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["appointments"]
    reader = PdfReader(out / "2026-12-01-print-all.pdf")
    padded = sum(e["pages"] + e["pages"] % 2 for e in manifest.values())
    assert len(reader.pages) == padded
    assert any(e["pages"] % 2 for e in manifest.values()), "no odd packet to pad in this test"
    starts = [
        i for i, page in enumerate(reader.pages)
        if "Questions or changes?" in (page.extract_text() or "")
    ]  # fmt: skip
    assert len(starts) == len(GOOD_IDS)
    assert all(i % 2 == 0 for i in starts)  # a front side, when printed double-sided
    # In appointment order: the 7:45 appointment comes first.
    assert "<b>Ana</b>" in reader.pages[starts[0]].extract_text()
    # Each packet's handout starts on a front side too, behind its own "my notes" page.
    handouts = [
        i for i, page in enumerate(reader.pages) if "Page 1 of" in (page.extract_text() or "")
    ]
    assert len(handouts) == len(GOOD_IDS)
    assert all(i % 2 == 0 for i in handouts)
    assert all("Before your visit: my notes" in reader.pages[i + 1].extract_text() for i in starts)


def test_print_file_holds_each_handout_page_once(batch):
    out, _ = batch
    path = out / "2026-12-01-print-all.pdf"
    reader = PdfReader(path)
    first_pages = [p for p in reader.pages if "Page 1 of" in (p.extract_text() or "")]
    assert len(first_pages) == len(GOOD_IDS)  # one ESI packet and six RFA ones
    contents = {p.raw_get("/Contents").idnum for p in first_pages}
    assert len(contents) == 2  # the six RFA handouts print one shared page
    packets = [out / entry for entry in json.loads((out / "manifest.json").read_text())["files"]]
    packet_bytes = sum(p.stat().st_size for p in packets if p.name.startswith("A-"))
    assert path.stat().st_size < packet_bytes / 2
    # A shared page prints as the packet's own page does.
    rfa = next(p for p in packets if p.name.startswith("A-7"))
    own = [page.extract_text() for page in PdfReader(rfa).pages]
    start = next(i for i, p in enumerate(reader.pages) if "<b>Ana</b>" in (p.extract_text() or ""))
    printed = [reader.pages[start + i].extract_text() for i in range(len(own))]
    assert printed == own


def test_schedule_missing_columns_writes_nothing(tmp_path):
    schedule = tmp_path / "bad.csv"
    schedule.write_text("id,name,procedure,date,time\nA-1,X,nerve-block,2026-12-01,09:00\n")
    out = tmp_path / "packets"
    result = run_cli("batch", schedule, "--project", REPO, "--out", out)
    assert result.exit_code == 1
    assert "no header row has the column(s) 'appointment_id', 'patient_name'" in result.stderr
    assert "appointment_id, patient_name, procedure, date, time" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_large_print_column_makes_the_packet_in_large_print(tmp_path):
    import pdfplumber

    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time,large_print\n"
        "L-1,Ana Test,radiofrequency-ablation,2026-12-01,08:00,yes\n"
        "L-2,Bo Test,radiofrequency-ablation,2026-12-01,09:00,perhaps\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    result = run_cli("batch", schedule, "--project", REPO, "--out", out, "--jobs", "1")
    assert result.exit_code == 1  # the second row's answer is not yes or no
    assert "row 3 (appointment L-2): large_print: is not yes or no" in result.stderr
    assert "perhaps" not in result.stderr
    assert not (out / "L-2-radiofrequency-ablation.pdf").exists()
    with pdfplumber.open(out / "L-1-radiofrequency-ablation.pdf") as pdf:
        assert len(pdf.pages) > 2  # the 2-page handout takes more pages at 18 pt
        for page in pdf.pages:
            sizes = [round(char["size"], 1) for char in page.chars if char["text"].strip()]
            assert min(sizes) >= 18, f"page {page.page_number}: {min(sizes)} pt"
        # The day and the time stay bigger than the 18 pt text around them.
        lines = pdf.pages[0].extract_text_lines()
        (day,) = [line for line in lines if line["text"].startswith("Tuesday, December 1")]
        (time,) = [line for line in lines if line["text"] == "at 8:00 AM"]
        assert round(min(c["size"] for c in day["chars"]), 1) >= 26
        assert round(min(c["size"] for c in time["chars"]), 1) >= 22


def test_batch_archive_writes_tagged_pdf_a_packets(tmp_path):
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n"
        "R-1,Ana Test,radiofrequency-ablation,2026-12-01,08:00\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    result = run_cli("batch", schedule, "--project", REPO, "--out", out, "--archive", "-j", "1")
    assert result.exit_code == 0, result.stderr
    root = PdfReader(out / "R-1-radiofrequency-ablation.pdf").trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "/StructTreeRoot" in root  # PDF/A level A keeps the tags
    assert "http://www.aiim.org/pdfua/ns/id/" in xmp


def test_large_print_packet_does_not_count_the_pain_diary_against_the_limit(tmp_path):
    # The stimulator trial is 4 + 1 diary pages; at 18 pt 7 + 2, within its limit of 8.
    out = tmp_path / "out"
    result = run_cli(
        "handout", "spinal-cord-stimulation-trial", "--project", REPO, "--out", out,
        "--patient", "Ana Test", "--date", "2026-12-01", "--time", "09:00", "--large-print",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (packet,) = (out / "appointments").glob("*.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(packet).pages)
    assert "Your trial diary" in text


# -- batch speed-ups that must not change what is printed -----------------------------------


def test_batch_lists_packets_in_appointment_order(tmp_path):
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n"
        "C-3,Cy Three,epidural-steroid-injection,2026-12-02,08:00\n"
        "C-1,Ann One,nerve-block-occipital,2026-12-01,15:00\n"
        "C-2,Bo Two,epidural-steroid-injection,2026-12-01,09:00\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    result = run_cli("batch", schedule, "--project", REPO, "--out", out, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    listed = re.findall(r"^  (C-\d)-", result.output, re.MULTILINE)
    assert listed == ["C-2", "C-1", "C-3"]
    assert sorted(p.name for p in out.glob("*-print-all.pdf")) == [
        "2026-12-01-print-all.pdf",
        "2026-12-02-print-all.pdf",
    ]
    first_day = page_texts(out / "2026-12-01-print-all.pdf")
    assert "Bo Two" in first_day[0]
    assert "Ann One" in next(t for t in first_day[1:] if "Your appointment" in t)


def refuse_layout(self, handout, large_print=False):
    raise AssertionError("the handout was laid out again")


@pytest.mark.parametrize(
    ("language", "built_in", "first_words"),
    [("en", "handouts", "Your appointment"), ("es", "handouts/es", "Su cita")],
)
def test_batch_appends_the_handout_the_last_build_made(
    make_project, monkeypatch, language, built_in, first_words
):
    from handouts.appointments.packets import PacketMaker

    clinic = make_project()
    rfa = "radiofrequency-ablation"
    built = run_cli("handout", rfa, "--lang", language, "--project", clinic, "-q")
    assert built.exit_code == 0, built.stderr
    schedule = clinic / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time,language\n"
        f"D-1,Dee One,{rfa},2026-12-01,09:00,{language}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(PacketMaker, "handout_pdf", refuse_layout)
    result = run_cli("batch", schedule, "--project", clinic, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    packet = page_texts(clinic / f"output/appointments/D-1-{rfa}.pdf")
    handout = page_texts(clinic / f"output/{built_in}/{rfa}.pdf")
    assert packet[-len(handout) :] == handout and first_words in packet[0]


def test_a_spanish_row_never_appends_the_english_handout_a_build_made(make_project):
    clinic = make_project()
    rfa = "radiofrequency-ablation"
    built = run_cli("handout", rfa, "--project", clinic, "-q")  # English only
    assert built.exit_code == 0, built.stderr
    schedule = clinic / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time,language\n"
        f"S-1,Sol Uno,{rfa},2026-12-01,09:00,es\n"
        f"S-2,Sam Two,{rfa},2026-12-01,09:30,en\n",
        encoding="utf-8",
    )
    result = run_cli("batch", schedule, "--project", clinic, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    english = page_texts(clinic / f"output/handouts/{rfa}.pdf")
    spanish = page_texts(clinic / f"output/appointments/S-1-{rfa}.pdf")
    assert "Ablación por radiofrecuencia" in spanish[2] and spanish[-len(english) :] != english
    assert page_texts(clinic / f"output/appointments/S-2-{rfa}.pdf")[-len(english) :] == english


def test_the_next_batch_appends_the_handouts_the_last_one_laid_out(make_project, monkeypatch):
    from handouts.appointments.packets import PacketMaker

    clinic = make_project()
    schedule = clinic / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time,language\n"
        "K-1,Kay One,radiofrequency-ablation,2026-12-01,09:00,en\n"
        "K-2,Kay Dos,radiofrequency-ablation,2026-12-01,09:30,es\n",
        encoding="utf-8",
    )
    first = run_cli("batch", schedule, "--project", clinic, "--jobs", "1", "--out", clinic / "day1")
    assert first.exit_code == 0, first.output
    kept = sorted((clinic / ".handouts-cache" / "handouts").glob("*.pdf"))
    assert len(kept) == 2  # the English handout and the Spanish one
    name, spanish = "K-1-radiofrequency-ablation.pdf", "K-2-radiofrequency-ablation.pdf"
    made = (clinic / "day1" / name).read_bytes()
    made_in_spanish = (clinic / "day1" / spanish).read_bytes()

    with monkeypatch.context() as patch:
        patch.setattr(PacketMaker, "handout_pdf", refuse_layout)
        again = run_cli(
            "batch", schedule, "--project", clinic, "--jobs", "1", "--out", clinic / "day2"
        )
    assert again.exit_code == 0, again.output
    assert (clinic / "day2" / name).read_bytes() == made
    assert (clinic / "day2" / spanish).read_bytes() == made_in_spanish
    # A kept file that is not a PDF any more is laid out again, to the same packet.
    for damaged in kept:
        damaged.write_bytes(b"%PDF-1.7 damaged")
    third = run_cli("batch", schedule, "--project", clinic, "--jobs", "1", "--out", clinic / "day3")
    assert third.exit_code == 0, third.output
    assert (clinic / "day3" / name).read_bytes() == made
    assert (clinic / "day3" / spanish).read_bytes() == made_in_spanish
