"""Text analytics of appeals: pure library code over plain data, no database and no web."""
