"""week20: fill in the stubs, then run `grade week20`.

En español:

week20: completa las plantillas y después ejecuta `grade week20`.
"""
