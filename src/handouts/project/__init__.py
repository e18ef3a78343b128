"""A clinic's project: settings, content and the files that make it, loaded and validated."""

from handouts.project.loader import Project, load_project

__all__ = ["Project", "load_project"]
