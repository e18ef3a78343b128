"""Personalised appointment packets: one patient, or a whole day's schedule."""
