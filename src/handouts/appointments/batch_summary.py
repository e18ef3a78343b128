"""What a batch run did besides packets and row errors, in words for people: skips by visit
type and cancellations, by appointment id only (the CLI prints these lines, the web app shows
them)."""

from __future__ import annotations


def summary_lines(result) -> list[str]:
    """Skips by visit type and cancellations, by appointment id only."""
    lines = []
    if result.skipped:
        count = sum(result.skipped.values())
        kinds = ", ".join(f"{visit} ({n})" for visit, n in sorted(result.skipped.items()))
        lines.append(
            f"Skipped {count} appointment{'s that need' if count != 1 else ' that needs'} "
            f"no handout: {kinds}."
        )
    if result.cancelled:
        count = len(result.cancelled)
        lines.append(f"{count} cancelled appointment{'s' if count != 1 else ''}: no packet.")
    for ident, file, status in result.cancelled_packets:
        lines.append(
            f"Cancelled: appointment {ident} already has a packet ({file}); it is marked "
            f"{status} in manifest.json. Shred the printed copy if it is no longer needed."
        )
    return lines
