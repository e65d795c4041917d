"""The refusals of the auth package: an account operation, and a sign-in store that cannot be used."""

from __future__ import annotations

from binjai.errors import UserFacingError


class AccountError(UserFacingError):
    """A refused account operation."""


class StoreError(AccountError):
    """The sign-in store cannot be opened or written (a read-only config folder, an unreachable PostgreSQL)."""
