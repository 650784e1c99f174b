"""The operator's toolkit: SQLite backups and restores, the doctor's checks."""
