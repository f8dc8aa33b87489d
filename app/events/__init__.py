"""Customer events: tracking, back-filling, the catalogue of names and properties, retention."""
