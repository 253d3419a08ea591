"""Étoile: the planning system for ballet companies."""

__version__ = "0.1.0"
