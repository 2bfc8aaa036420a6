"""Reference solutions for week 18."""
