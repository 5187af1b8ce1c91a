"""Numbered and named parameters (variables) with the local/global rules of each dialect.

Fanuc: #1-#33 are local to a G65 macro call, #0 is always vacant (None), a never-set variable is
vacant. LinuxCNC: #1-#30 are the parameters of an o-word call, a never-set variable reads 0;
`#<name>` is local to its subroutine, `#<_name>` global, and reading an unset name is an error.
System parameters (the control's state: position, frame, tool) come from `system` and
`system_named`, functions the interpreter supplies (see system_params.py); they are read-only.
"""
from __future__ import annotations

from .statements import EvalError

MAX_PARAMETER = 5399


class Params:
    def __init__(self, dialect: str, max_parameter: int = MAX_PARAMETER):
        self.dialect = dialect
        self.max_parameter = max_parameter      # the control's highest numbered variable
        self.nlocal = 30 if dialect == "linuxcnc" else 33
        self.numbered: dict[int, float] = {}
        self.named_global: dict[str, float] = {}
        self.frames: list[tuple[dict[int, float], dict[str, float]]] = [({}, {})]
        self.system = lambda n: None            # n -> value of a system parameter, or None
        self.system_named = lambda name: None   # "_x" -> value of a predefined name, or None

    def push(self, args: dict[int, float]) -> None:
        """A new call level whose locals are `args`."""
        self.frames.append((dict(args), {}))

    def pop(self) -> None:
        if len(self.frames) > 1:
            self.frames.pop()

    def _table(self, n: int) -> dict[int, float]:
        return self.frames[-1][0] if 1 <= n <= self.nlocal else self.numbered

    def get(self, n: int) -> float | None:
        value = self.system(n)
        if value is not None:
            return value
        if n > self.max_parameter:
            raise EvalError("SYNTAX.parameter", number=n)
        if self.dialect == "fanuc":
            return None if n == 0 else self._table(n).get(n)
        return self._table(n).get(n, 0.0)

    def set(self, n: int, value: float | None) -> None:
        if n < 1 or n > self.max_parameter:
            raise EvalError("SYNTAX.parameter", number=n)
        if value is None and self.dialect == "fanuc":
            self._table(n).pop(n, None)
        else:
            self._table(n)[n] = 0.0 if value is None else float(value)

    def _named_table(self, name: str) -> dict[str, float]:
        return self.named_global if name.startswith("_") else self.frames[-1][1]

    def named(self, name: str) -> float:
        table = self._named_table(name)
        if name not in table:
            value = self.system_named(name)
            if value is not None:
                return value
            raise EvalError("SYNTAX.undefined", name=name)
        return table[name]

    def set_named(self, name: str, value: float | None) -> None:
        self._named_table(name)[name] = 0.0 if value is None else float(value)

    def exists(self, name: str) -> bool:
        return name in self._named_table(name) or self.system_named(name) is not None
