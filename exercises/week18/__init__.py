"""week18: fill in the stubs, then run `grade week18`."""
