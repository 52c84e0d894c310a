"""Enums of strings that are taken strictly: a typo is an error naming the choices, never another choice."""

from enum import Enum
from typing import Self


class Choice(str, Enum):
    @classmethod
    def from_str(cls, value: str) -> Self:
        """The member named `value` (any case, spaces around it ignored)."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            raise ValueError(f"unknown {cls._label()} '{value}'; expected one of: {choices}") from None

    @classmethod
    def _label(cls) -> str:
        """How an error names this kind of choice: the class name in words ("FusionMethod" -> "fusion method")."""
        return "".join(f" {c.lower()}" if c.isupper() else c for c in cls.__name__).strip()
