"""Reforms of the model (OpenFisca `Reform` classes)."""
