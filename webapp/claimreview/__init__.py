"""schema.org ClaimReview: publishing concluded claims to fact-check tools, and reading them."""
