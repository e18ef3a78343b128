"""Incremental builds: keys of what made each output (keys.py), the folder's record of them
(state.py), which outputs a build must make (plan.py) and cached check results (checks.py)."""
