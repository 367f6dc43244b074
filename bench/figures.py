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
    # The median of each round's own ratio (the program and its baseline run in turn): the
    # machine's speed drifts between rounds, and a ratio of two medians would carry it.
    paired: float | None = None

    @property
    def ratio(self) -> str:
        if self.paired is not None:
            return f"{self.paired:.2f}x"
        return f"{self.value / self.baseline:.2f}x" if self.baseline else ""
