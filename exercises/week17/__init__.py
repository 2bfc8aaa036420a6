"""week17: fill in the stubs, then run `grade week17`.

En español:

week17: completa las plantillas y después ejecuta `grade week17`.
"""
