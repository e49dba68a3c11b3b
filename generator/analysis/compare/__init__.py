"""The comparators: one module per kind of difference, each reading two sentences' features."""
