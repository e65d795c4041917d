"""The one shape of a refusal a user reads: a translation key and the values that fill its message."""

from __future__ import annotations

from binjai.i18n import t


class UserFacingError(Exception):
    """A refused operation; `key` names the message in the translation table, `params` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str = "id") -> str:
        """The message in the user's language."""
        return t(self.key, lang, **self.params)
