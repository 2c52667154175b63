"""Domain logic: views, the API, the CLI and imports all call these functions."""
