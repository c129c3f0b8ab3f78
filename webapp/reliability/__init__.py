"""Source reliability: track records with honest uncertainty, suggested Admiralty letters,
independence of the sources behind a claim, and their charts."""
