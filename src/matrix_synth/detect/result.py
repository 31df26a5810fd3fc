"""What the detector finds in one document: plain, picklable data."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Matrix, Placement, Section, Unplaced

__all__ = ["Detection", "Matrix", "Placement", "Section", "Unplaced"]


@dataclass
class Detection:
    fields: dict[str, str] = field(default_factory=dict)
    field_locations: dict[str, str] = field(default_factory=dict)
    board: str | None = None
    board_source: str = ""
    matrices: list[Matrix] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # problems.Problem, typed where found
    chars_total: int = 0
    chars_unplaced: int = 0

    @property
    def coverage(self) -> float:
        """Share of the return's text (boilerplate aside) that was placed or kept as a field/section."""
        if not self.chars_total:
            return 1.0
        return round(1 - self.chars_unplaced / self.chars_total, 3)

    @property
    def layout(self) -> str:
        kinds = []
        for m in self.matrices:
            if m.layout not in kinds:
                kinds.append(m.layout)
        return "+".join(kinds) or "none"

    @property
    def confidence(self) -> float:
        if not self.placements:
            return 0.0
        return round(sum(p.confidence for p in self.placements) / len(self.placements), 2)
