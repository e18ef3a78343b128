"""The plain-language gate and the other findings of `handouts check`."""
