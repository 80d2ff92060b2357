"""The bundled sample tickets, shipped inside the package as ``analyser.sample_tickets``.

This folder stays at data/sample_tickets/ in the checkout (see its README.md and generate.py); the build maps it
into the package so that ``ticket-analyser demo`` works from an installed wheel.
"""
