"""`manifest.json` in a packets folder: what education was given, and which files we wrote.

Fields are only ever added, never renamed (schema_version counts the additions):
- `appointments`: per appointment id, the latest packet (procedure, content_version, date,
  file, pages, sha256; since version 1 also `start` and `run`);
- `files` (version 1): every file this tool wrote in the folder (packets and day print files)
  with its kind, owner and run, which is all `handouts clean` will ever remove;
- `runs` (version 1): the last runs that wrote here (id, command, start);
- `content_sha256` in each appointment entry (version 2): the sha256 of the procedure file's
  text the packet printed (its language's), so content edited without a `version:` bump is
  still told apart.
The folder's lock (locks.py) is held from reading to writing, so no run loses another's entry.
No patient name or other personal value is ever written here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from handouts import __version__
from handouts.diagnostics import HandoutsError
from handouts.locks import Run

MANIFEST_NAME = "manifest.json"
SCHEMA_VERSION = 2
KEEP_RUNS = 100


@dataclass
class Manifest:
    appointments: dict[str, dict] = field(default_factory=dict)
    files: dict[str, dict] = field(default_factory=dict)
    runs: list[dict] = field(default_factory=list)

    def owner(self, name: str) -> tuple[str, str] | None:
        """(appointment id, procedure) of the packet file `name` (compared ignoring case, as
        Windows and macOS disks do), or None when unknown or the packet had no id."""
        for known, entry in self.files.items():
            if known.casefold() == name.casefold() and entry.get("appointment_id"):
                return entry["appointment_id"], entry.get("procedure", "")
        return None

    def knows(self, name: str) -> bool:
        return any(known.casefold() == name.casefold() for known in self.files)

    def add_run(self, run: Run) -> None:
        self.runs.append({"run": run.run_id, "command": run.command, "started": run.started})
        del self.runs[:-KEEP_RUNS]


def read_manifest(path: Path) -> Manifest:
    """The folder's manifest (empty when there is none). Raises HandoutsError for a file that
    is not one this tool wrote, so a run never overwrites it."""
    if not path.is_file():
        return Manifest()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["appointments"]
        if not isinstance(entries, dict):
            raise ValueError("no appointments mapping")
        version = data.get("schema_version", 0)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise ValueError(f"schema_version {version!r}, newer than this version knows")
        files = data.get("files") if version >= 1 else None
        runs = data.get("runs") if version >= 1 else []
        if files is None:
            files = _files_of_old_manifest(entries)
        if not isinstance(files, dict) or not isinstance(runs, list):
            raise ValueError("files or runs are not lists of entries")
        return Manifest(dict(entries), dict(files), list(runs))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = "not JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise HandoutsError(
            f"{path} exists but is not a manifest this tool wrote ({reason}); "
            "move it away or use another --out folder"
        ) from None


def _files_of_old_manifest(entries: dict) -> dict[str, dict]:
    """Manifests before schema_version 1 knew packets through their entries only."""
    files: dict[str, dict] = {}
    for appointment_id, entry in entries.items():
        if isinstance(entry, dict) and isinstance(entry.get("file"), str):
            files[entry["file"]] = {
                "kind": "packet",
                "appointment_id": appointment_id,
                "procedure": entry.get("procedure", ""),
            }
            if isinstance(entry.get("date"), str):
                files[f"{entry['date']}-print-all.pdf"] = {"kind": "print-file"}
    return files


def write_manifest(path: Path, manifest: Manifest) -> Path:
    from handouts.appointments.packets import write_private

    data = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"handouts {__version__}",
        "appointments": manifest.appointments,
        "files": manifest.files,
        "runs": manifest.runs,
    }
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_private(path, text.encode("utf-8"))
    return path


def claim_name(
    stem: str,
    owner: tuple[str, str] | None,
    manifest: Manifest,
    folder: Path,
    taken: set[str],
) -> str:
    """A file name for a packet that never replaces another patient's: `stem.pdf` when it is
    free or already this appointment's (same id and procedure), else `stem-2.pdf`, ...
    Names are compared ignoring case (`a-1` and `A-1` are one file on Windows and macOS);
    `taken` holds the (case-folded) names this run has already given out."""
    try:
        on_disk = {p.name.casefold() for p in folder.iterdir()}
    except OSError:
        on_disk = set()
    number = 1
    while True:
        name = f"{stem}.pdf" if number == 1 else f"{stem}-{number}.pdf"
        key = name.casefold()
        ours = owner is not None and manifest.owner(name) == owner
        if key not in taken and (key not in on_disk or ours):
            taken.add(key)
            return name
        number += 1


def save_single_packet(folder: Path, appointment, packet, notify=None) -> Path:
    """Write a `handout --patient` packet into a packets folder under its lock, under a name
    that never replaces another patient's (without an appointment id, never any existing
    file), and record it so `handouts clean` knows it."""
    from handouts.appointments.packets import single_packet_stem, write_private
    from handouts.locks import folder_lock

    with folder_lock(folder, "handout --patient", notify=notify) as run:
        manifest = read_manifest(folder / MANIFEST_NAME)
        ident = appointment.appointment_id
        owner = (ident, appointment.procedure_id) if ident else None
        name = claim_name(single_packet_stem(appointment), owner, manifest, folder, set())
        write_private(folder / name, packet.data)
        date = appointment.start.date().isoformat()
        start = appointment.start.isoformat(timespec="minutes")
        manifest.files[name] = {
            "kind": "packet",
            "source": "single",
            "appointment_id": ident,
            "procedure": appointment.procedure_id,
            "date": date,
            "start": start,
            "run": run.run_id,
        }
        if ident:
            manifest.appointments[ident] = {
                "procedure": appointment.procedure_id,
                "content_version": appointment.handout.procedure.review.version,
                "content_sha256": appointment.handout.procedure.content_sha256,
                "date": date,
                "start": start,
                "file": name,
                "pages": packet.pages,
                "sha256": packet.sha256,
                "run": run.run_id,
                "language": appointment.printed_language,
                "language_requested": appointment.language or "en",
            }
        manifest.add_run(run)
        write_manifest(folder / MANIFEST_NAME, manifest)
    return folder / name
