"""week19: fill in the stubs, then run `grade week19`."""
