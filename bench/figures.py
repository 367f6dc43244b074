"""One measured figure, beside its baseline and its goal: what every bench script reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: str
    met: bool | None
    baseline: float | None = None
    note: str = ""

    @property
    def ratio(self) -> str:
        return f"{self.value / self.baseline:.2f}x" if self.baseline else ""
