"""Background jobs stored in PostgreSQL, run by arq, with progress clients can read and watch."""
