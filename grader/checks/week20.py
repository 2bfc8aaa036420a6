"""Hidden checks for week 20."""
