"""The error tree: every failure a user can cause is an InputError naming where it happened."""

from __future__ import annotations

from dataclasses import asdict, dataclass


class AimsiError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(ValueError, AimsiError):
    """Bad input: names the file, row and field when they are known."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.row = row
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f'"{self.field}"')
        prefix = " ".join(where)
        return f"{prefix}: {self.reason}" if prefix else self.reason

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "field": self.field, "reason": self.reason}


class NotFoundError(InputError):
    """A named thing does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} {key!r}")


class ConflictError(AimsiError):
    """Someone else changed the data meanwhile: reload and try again."""


class DatabaseBusyError(AimsiError):
    """The database stayed locked by another process for longer than the wait allows."""


@dataclass(frozen=True)
class Rejection:
    """A row that was not read, and why (file, row number, field): many problems of one file come
    back as data, so the good rows still go in."""

    file: str
    row: int | None
    field: str | None
    reason: str

    @property
    def message(self) -> str:
        return InputError(self.reason, file=self.file, row=self.row, field=self.field).message

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
