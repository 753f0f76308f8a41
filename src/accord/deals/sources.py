"""Where a deal space comes from: registered deal sources (entry-point group ``accord.deal_sources``).

Each source says whether it recognises a path (:meth:`detect`), takes its format options as keyword
arguments of ``__init__`` (so an option that does not apply to a source is refused, not ignored), and
reads a :class:`~accord.deals.DealSpace` (:meth:`read`). A third-party package adds a format by
declaring its own entry point; ``accord deals`` then reads it without a change to accord.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from .space import DealSpace

__all__ = ["ScenarioSource", "GeniusSource", "GeniusWebSource"]


class ScenarioSource:
    """An accord scenario file (YAML or JSON).

    Parameters
    ----------
    loss : {"linear", "quadratic"}
        How an actor's value falls with distance from its position.
    step : float, optional
        Discretise scale issues at this step instead of at their labelled options.
    """

    name = "scenario"
    description = "an accord scenario file (.yaml, .yml, .json)"

    def __init__(self, loss: Literal["linear", "quadratic"] = "linear", step: float | None = None):
        self.loss = loss
        self.step = step

    @staticmethod
    def detect(path: str | Path) -> bool:
        """Whether ``path`` is a file (the loader reports what is wrong with it, if anything)."""
        return not Path(path).is_dir()

    def read(self, path: str | Path) -> DealSpace:
        """Load the scenario and build its deal space."""
        from ..scenario import load_scenario
        from .from_scenario import deal_space_from_scenario

        return deal_space_from_scenario(load_scenario(path), loss=self.loss, step=self.step)


class GeniusSource:
    """A Genius XML domain folder (a domain file and linear additive profiles)."""

    name = "genius"
    description = "a Genius XML domain folder"

    @staticmethod
    def detect(path: str | Path) -> bool:
        """Whether ``path`` is a folder holding a Genius XML domain."""
        from .io_genius import is_genius_folder

        return is_genius_folder(path)

    def read(self, path: str | Path) -> DealSpace:
        """Read the domain and its profiles."""
        from .io_genius import read_genius

        return read_genius(path)


class GeniusWebSource:
    """A GeniusWeb domain folder (JSON domain and profiles)."""

    name = "geniusweb"
    description = "a GeniusWeb domain folder (JSON)"

    @staticmethod
    def detect(path: str | Path) -> bool:
        """Whether ``path`` is a folder holding a GeniusWeb domain."""
        from .io_geniusweb import is_geniusweb_folder

        return is_geniusweb_folder(path)

    def read(self, path: str | Path) -> DealSpace:
        """Read the domain and its profiles."""
        from .io_geniusweb import read_geniusweb

        return read_geniusweb(path)
