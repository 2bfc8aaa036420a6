"""Interactive labs: small browser apps (Streamlit) that let a student see a module at work."""
