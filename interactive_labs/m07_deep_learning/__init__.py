"""Module 07 labs: the PyTorch training playground (`pytorch_training_playground_app.py`)."""
