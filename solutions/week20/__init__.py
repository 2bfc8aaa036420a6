"""Reference solutions for week 20."""
