"""One module per CLI command; see handouts.cli."""
