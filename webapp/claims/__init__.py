"""Claims: statements that can be checked, with claimant, relays, tags and relations."""
