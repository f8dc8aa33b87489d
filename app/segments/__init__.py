"""Segments: who campaigns target, by filters over attributes and behaviour, or by lists."""
