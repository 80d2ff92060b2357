"""The trained models, shipped inside the package as ``analyser.trained_models`` (see analyser/models_store.py).

This folder stays at the top of the checkout, where training writes and the model cards live; the build maps it
into the package so that an installed wheel has exactly these models.
"""
