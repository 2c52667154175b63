"""Logging in and out, one's own account (password, API tokens) and the admins' user list."""
