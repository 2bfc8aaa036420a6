"""week19: fill in the stubs, then run `grade week19`.

En español:

week19: completa las plantillas y después ejecuta `grade week19`.
"""
