"""Reference solutions: the single source of the student stubs, notebooks and hidden checks."""
