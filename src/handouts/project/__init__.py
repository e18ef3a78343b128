"""A clinic's project: settings, content and the files that make it, loaded and validated."""

__all__ = ["Project", "load_project"]


def __getattr__(name: str):
    # Imported on first use: the settings schema's sections (appointments, brand, checks)
    # import project.config_options, which must not pull in the whole loader first.
    if name in __all__:
        from handouts.project import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'handouts.project' has no attribute {name!r}")
