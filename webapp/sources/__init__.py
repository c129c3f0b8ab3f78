"""Sources (who says and who publishes) and their Admiralty grades."""
