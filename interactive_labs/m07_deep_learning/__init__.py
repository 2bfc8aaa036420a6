"""Module 07 labs: the PyTorch training playground (`pytorch_training_playground_app.py`).

The page is Streamlit only; `playground.py` holds a run and re-exports the names the page
uses from `network`, `datasets`, `torch_engine`, `student_engine`, `training` and `figures`.
"""
