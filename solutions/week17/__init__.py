"""Reference solutions for week 17."""
