"""Hidden checks for week 18."""
