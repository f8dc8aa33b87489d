"""Geofences: circles and polygons that campaigns' rules check locations against."""
