"""The intake assistant: turn an article's text into candidate claims with suggestions."""
