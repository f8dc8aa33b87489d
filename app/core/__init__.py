"""Framework-free code shared by every domain."""
