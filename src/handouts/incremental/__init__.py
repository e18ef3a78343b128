"""Incremental builds: keys of what made each output (keys.py), the folder's record of them
(state.py), which outputs a build must make (plan.py), cached check results (checks.py), and
the no-op run answered from the record (stamp.py)."""
