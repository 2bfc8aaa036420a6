"""Hidden checks for week 19."""
