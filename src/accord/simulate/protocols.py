"""Negotiation protocols: who proposes in each round, and what a rejection says.

A protocol is a small class, registered in the ``accord.protocols`` entry-point group (accord's own in
``pyproject.toml``, like anyone else's) and looked up through :data:`accord.registry.PROTOCOLS`. The
engine (:class:`~accord.simulate.Negotiation`) plays the moves; a protocol declares the turn regime:

* :meth:`Protocol.proposers`: the proposer of each round (an actor row, or :data:`MEDIATOR`),
  vectorised over rounds so that the batched run reads the same schedule as the round-by-round run;
* ``mediated``: a mediator drafts the texts instead of a party (``default_mediator`` when none is named);
* ``objections``: a party that rejects names the issues that block it (the mediator amends them);
* ``batchable``: the schedule depends on nothing that happens in the run, so rounds of time-based
  strategies can be played in vectorised batches.

References
----------
A. Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1):97-109.
H. Raiffa (1982), *The Art and Science of Negotiation*, Harvard UP, ch. 14.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

__all__ = ["Protocol", "AlternatingOffers", "SingleText", "MEDIATOR", "make_protocol"]

IntArray = NDArray[np.int64]

#: The proposer row that stands for the mediator.
MEDIATOR = -1


class Protocol:
    """Base class: the turn regime of a negotiation (no parameters, no state)."""

    #: The registered name (``--protocol``), also recorded in results.
    name: ClassVar[str] = "protocol"
    #: Human-readable name.
    title: ClassVar[str] = "Protocol"
    mediated: ClassVar[bool] = False
    default_mediator: ClassVar[str | None] = None
    objections: ClassVar[bool] = False
    batchable: ClassVar[bool] = False

    def proposers(self, table: IntArray, rounds: IntArray) -> IntArray:
        """The proposer of each of ``rounds`` (1-based): a row of ``table``, or :data:`MEDIATOR`."""
        raise NotImplementedError

    def proposer(self, table: IntArray, round_: int) -> int:
        """The proposer of one round: :meth:`proposers` for it (a protocol may answer faster)."""
        return int(self.proposers(table, np.array([round_], dtype=np.int64))[0])

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


class AlternatingOffers(Protocol):
    """Multilateral alternating offers: the proposer rotates round the table in actor order.

    The proposer of round ``r`` is the table's member ``(r - 1) mod n``; it makes a full offer and may
    make a partial one; every other member accepts or rejects each (Rubinstein 1982, extended to ``n``
    parties by rotating the proposer). An offer is agreed when every signatory accepts it.
    """

    name: ClassVar[str] = "alternating"
    title: ClassVar[str] = "Alternating offers"
    batchable: ClassVar[bool] = True

    def proposers(self, table: IntArray, rounds: IntArray) -> IntArray:
        """``table[(round - 1) mod len(table)]`` for each round."""
        return table[(np.asarray(rounds, dtype=np.int64) - 1) % len(table)]

    def proposer(self, table: IntArray, round_: int) -> int:
        """``table[(round - 1) mod len(table)]``."""
        return int(table[(round_ - 1) % len(table)])


class SingleText(Protocol):
    """Mediated single negotiating text: the mediator drafts, the parties object, the mediator amends.

    Every round the mediator drafts a full text and may draft a partial one; every member of the table
    accepts or rejects each and names the issues that block it (Raiffa 1982, ch. 14, the Camp David
    single negotiating text).
    """

    name: ClassVar[str] = "single-text"
    title: ClassVar[str] = "Single negotiating text"
    mediated: ClassVar[bool] = True
    default_mediator: ClassVar[str | None] = "mediator-nash"
    objections: ClassVar[bool] = True

    def proposers(self, table: IntArray, rounds: IntArray) -> IntArray:
        """The mediator, every round."""
        return np.full(np.shape(rounds), MEDIATOR, dtype=np.int64)

    def proposer(self, table: IntArray, round_: int) -> int:
        """The mediator."""
        return MEDIATOR


def make_protocol(protocol: str | Protocol) -> Protocol:
    """A protocol by its registered name (or the instance given).

    Raises
    ------
    InputError
        For an unknown name, naming ``--protocol`` and listing the registered ones.
    """
    if isinstance(protocol, Protocol):
        return protocol
    from accord.registry import PROTOCOLS

    cls = PROTOCOLS.get(protocol, "--protocol")
    return cls()
