"""Who may write: users with argon2id passwords, and per-user API tokens (stored hashed).

May import ``services.editing.history`` (every change is a Revision) and the models.
"""
