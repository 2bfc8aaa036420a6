"""week18: fill in the stubs, then run `grade week18`.

En español:

week18: completa las plantillas y después ejecuta `grade week18`.
"""
