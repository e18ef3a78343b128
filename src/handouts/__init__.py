"""handouts: patient handouts and a clinician booklet for interventional pain procedures."""

__version__ = "0.1.0"
