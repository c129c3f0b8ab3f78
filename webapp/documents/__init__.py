"""Documents and the appearances of claims in them."""
