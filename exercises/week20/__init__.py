"""week20: fill in the stubs, then run `grade week20`."""
