"""Distributions: rewarding a campaign's segment on a schedule, in runs the worker claims and resumes."""
