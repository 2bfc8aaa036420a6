"""week17: fill in the stubs, then run `grade week17`."""
