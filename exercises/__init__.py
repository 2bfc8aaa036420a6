"""Student stubs, generated from solutions/ by scripts/generate_exercises.py."""
