"""Campaigns: configuration, categories, lifecycle, scheduling and history."""
