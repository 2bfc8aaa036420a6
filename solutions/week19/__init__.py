"""Reference solutions for week 19."""
