"""Imports: CSV claims and sources, the LIAR data set and ClaimReview, all or nothing."""
