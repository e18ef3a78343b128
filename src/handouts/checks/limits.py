"""The `readability:` section of handouts.yaml: the limits of the plain-language gate.

Defaults follow the patient-education standards (§8); a clinic may tighten or relax them.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.project.config_options import Integer, Number, Section

SETTINGS_SECTION = "readability"


@dataclass(frozen=True)
class Limits:
    """The `readability:` section of handouts.yaml. Defaults follow the standards file, §8."""

    handout_max_grade: float = 8.0  # Flesch-Kincaid; above it the handout fails
    handout_max_smog: float = 10.0  # SMOG; above it the handout fails
    section_max_grade: float = 10.0  # Flesch-Kincaid of one section; above it, a warning
    sentence_max_words: int = 25  # longer sentences are warnings
    handout_min_inflesz: float = 65.0  # Spanish: INFLESZ "bastante fácil"; below it, error
    section_min_inflesz: float = 55.0  # Spanish: a section below "normal" is a warning

    def as_dict(self) -> dict:
        return {
            "handout_max_grade": self.handout_max_grade,
            "handout_max_smog": self.handout_max_smog,
            "section_max_grade": self.section_max_grade,
            "sentence_max_words": self.sentence_max_words,
            "handout_min_inflesz": self.handout_min_inflesz,
            "section_min_inflesz": self.section_min_inflesz,
        }


READABILITY = Section(
    {
        "handout_max_grade": Number(minimum=0, maximum=30),
        "handout_max_smog": Number(minimum=0, maximum=30),
        "section_max_grade": Number(minimum=0, maximum=30),
        "sentence_max_words": Integer(minimum=5, maximum=100),
        "handout_min_inflesz": Number(minimum=0, maximum=100),
        "section_min_inflesz": Number(minimum=0, maximum=100),
    },
    Limits,
    empty_means_defaults=True,
)
