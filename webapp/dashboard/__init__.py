"""The desk's home page."""
