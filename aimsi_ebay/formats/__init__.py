"""Pure readers and writers of the external files in FORMATS.md. No database."""
