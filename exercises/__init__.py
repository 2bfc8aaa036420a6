"""Student stubs, generated from solutions/ by scripts/generate_exercises.py.

En español:

Plantillas del estudiante, generadas desde solutions/ por scripts/generate_exercises.py.
"""
