"""A small stock-keeping package used to produce real reports for gates' tests."""
