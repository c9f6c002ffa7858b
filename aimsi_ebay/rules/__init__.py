"""Pure rules: money, normalisation, listing rules. No database, no widgets."""
