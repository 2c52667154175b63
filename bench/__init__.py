"""Performance benchmark for issue 6: a generated archive, the tracker beside Datasette."""
