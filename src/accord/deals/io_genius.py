"""Read Genius XML domains and additive utility spaces into a :class:`DealSpace`.

Format (Genius, R. Lin, S. Kraus, T. Baarslag, D. Tykhonov, K. Hindriks, C.M. Jonker (2014), "Genius: an
integrated environment for supporting the design of generic automated negotiators", Computational
Intelligence 30(1)): a domain file ``<negotiation_template><utility_space><objective><issue ...>``, and
one ``<utility_space>`` per party with, per issue, either discrete ``<item value=... evaluation=...>``
or an integer ``<evaluator ftype="linear" slope offset>``, then ``<weight index value>``, and optionally
``<reservation value>`` and ``<discount_factor value>``.

As Genius evaluates them:

* discrete issue: ``v(o) = evaluation(o) / max_o' evaluation(o')`` (Genius ``EvaluatorDiscrete``);
* integer issue with a linear evaluator: ``v(x) = offset + slope * (x - lowerbound)``, clipped to
  [0, 1] (Genius ``EvaluatorInteger``); options are the integers ``lowerbound..upperbound``;
* weights as given; disagreement = the reservation value (0 without one). The discount factor is kept in
  ``metadata`` (a static deal analysis has no time), never turned into a -infinity reservation value
  (the NegMAS pitfall of ``peers.md``).

Non-linear utility spaces (``type="nonlinear"``, hyper-rectangle constraints) are not additive and are
refused with a :class:`DealFormatError`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from .errors import DealFormatError, folder_has
from .space import DealSpace

__all__ = ["read_genius", "is_genius_folder"]

_MAX_INTEGER_OPTIONS = 100_000


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except OSError as exc:
        raise DealFormatError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    except ET.ParseError as exc:
        raise DealFormatError(str(path), f"malformed XML: {exc}") from None


def _float(path: Path, elem: ET.Element, attr: str, where: str) -> float:
    raw = elem.get(attr)
    if raw is None:
        raise DealFormatError(str(path), f"{where}: missing attribute {attr!r}")
    try:
        v = float(raw)
    except ValueError:
        raise DealFormatError(str(path), f"{where}: {attr}={raw!r} is not a number") from None
    if not np.isfinite(v):
        raise DealFormatError(str(path), f"{where}: {attr}={raw!r} is not finite")
    return v


def _int(path: Path, elem: ET.Element, attr: str, where: str) -> int:
    v = _float(path, elem, attr, where)
    if v != int(v):
        raise DealFormatError(str(path), f"{where}: {attr} must be an integer")
    return int(v)


def _issues(path: Path, root: ET.Element) -> list[ET.Element]:
    issues = list(root.iter("issue"))
    if not issues:
        raise DealFormatError(str(path), "no <issue> elements")
    return sorted(issues, key=lambda e: _int(path, e, "index", f"issue {e.get('name')!r}"))


def _issue_type(elem: ET.Element) -> str:
    return (elem.get("vtype") or elem.get("type") or elem.get("etype") or "discrete").lower()


def _domain(path: Path, root: ET.Element) -> tuple[list[str], list[int], list[list[str]], list[int]]:
    names, indices, options, lowers = [], [], [], []
    for e in _issues(path, root):
        name = e.get("name")
        if not name:
            raise DealFormatError(str(path), "an <issue> has no name")
        kind = _issue_type(e)
        if kind == "discrete":
            labels = [it.get("value") for it in e.iter("item")]
            if not labels or any(lbl is None for lbl in labels):
                raise DealFormatError(
                    str(path), f"issue {name!r}: discrete issue needs <item value=...> elements"
                )
            if len(set(labels)) != len(labels):
                raise DealFormatError(str(path), f"issue {name!r}: duplicate item values")
            options.append([str(lbl) for lbl in labels])
            lowers.append(0)
        elif kind == "integer":
            lo = _int(path, e, "lowerbound", f"issue {name!r}")
            hi = _int(path, e, "upperbound", f"issue {name!r}")
            if hi < lo or hi - lo + 1 > _MAX_INTEGER_OPTIONS:
                raise DealFormatError(
                    str(path), f"issue {name!r}: integer range [{lo}, {hi}] is empty or too long"
                )
            options.append([str(x) for x in range(lo, hi + 1)])
            lowers.append(lo)
        else:
            raise DealFormatError(
                str(path),
                f"issue {name!r}: issue type {kind!r} is not supported (discrete and integer issues are)",
            )
        names.append(name)
        indices.append(_int(path, e, "index", f"issue {name!r}"))
    if len(set(names)) != len(names):
        raise DealFormatError(str(path), "duplicate issue names")
    return names, indices, options, lowers


def _profile(
    path: Path,
    root: ET.Element,
    names: list[str],
    indices: list[int],
    options: list[list[str]],
    lowers: list[int],
    normalize: bool = True,
) -> tuple[np.ndarray, list[np.ndarray], float, float]:
    if (root.get("type") or "").lower() == "nonlinear" or root.find(".//ufun") is not None:
        raise DealFormatError(
            str(path),
            "non-linear utility space (hyper-rectangle constraints); only additive "
            "utility spaces can form a deal space",
        )
    by_name = {e.get("name"): e for e in root.iter("issue")}
    weights_by_index = {}
    for welem in root.iter("weight"):
        weights_by_index[_int(path, welem, "index", "<weight>")] = _float(path, welem, "value", "<weight>")
    weights, tables = [], []
    for name, index, labels, lo in zip(names, indices, options, lowers, strict=True):
        e = by_name.get(name)
        if e is None:
            raise DealFormatError(str(path), f"no evaluation for issue {name!r} of the domain")
        if index not in weights_by_index:
            raise DealFormatError(str(path), f'no <weight index="{index}"> for issue {name!r}')
        weights.append(weights_by_index[index])
        evaluator = e.find("evaluator")
        if evaluator is not None:
            if (evaluator.get("ftype") or "").lower() != "linear":
                raise DealFormatError(
                    str(path),
                    f"issue {name!r}: evaluator ftype "
                    f"{evaluator.get('ftype')!r} is not supported (linear is)",
                )
            slope = _float(path, evaluator, "slope", f"issue {name!r} evaluator")
            offset = _float(path, evaluator, "offset", f"issue {name!r} evaluator")
            x = np.array([int(v) for v in labels], dtype=np.float64) if _is_int_labels(labels) else None
            if x is None:
                raise DealFormatError(str(path), f"issue {name!r}: a linear evaluator needs an integer issue")
            tables.append(np.clip(offset + slope * (x - lo), 0.0, 1.0))
            continue
        evals = {}
        for it in e.iter("item"):
            value = it.get("value")
            if value is None:
                raise DealFormatError(str(path), f"issue {name!r}: an <item> has no value")
            evals[value] = _float(path, it, "evaluation", f"issue {name!r} item {value!r}")
        unknown = sorted(set(evals) - set(labels))
        if unknown:
            raise DealFormatError(str(path), f"issue {name!r}: items {unknown} are not in the domain")
        missing = [lbl for lbl in labels if lbl not in evals]
        if missing:
            raise DealFormatError(str(path), f"issue {name!r}: no evaluation for {missing}")
        raw = np.array([evals[lbl] for lbl in labels])
        if np.any(raw < 0):
            raise DealFormatError(str(path), f"issue {name!r}: negative evaluation")
        top = float(raw.max())
        tables.append(raw / top if top > 0 and normalize else raw)
    w = np.array(weights)
    if np.any(w < 0):
        raise DealFormatError(str(path), "negative issue weight")
    res_elem = root.find("reservation")
    reservation = _float(path, res_elem, "value", "<reservation>") if res_elem is not None else 0.0
    disc_elem = root.find("discount_factor")
    discount = _float(path, disc_elem, "value", "<discount_factor>") if disc_elem is not None else 1.0
    return w, tables, reservation, discount


def _is_int_labels(labels: list[str]) -> bool:
    try:
        [int(v) for v in labels]
    except ValueError:
        return False
    return True


def _classify(folder: Path) -> tuple[list[tuple[Path, ET.Element]], list[tuple[Path, ET.Element]]]:
    domains, profiles = [], []
    for path in sorted(folder.glob("*.xml")):
        try:
            root = _parse(path)
        except DealFormatError:
            # Side files (ANAC folders ship a CSV-like pareto.xml) may be broken; a broken domain or
            # profile may not.
            head = path.read_text(encoding="utf-8", errors="replace")[:4096]
            if "<negotiation_template" in head or "<utility_space" in head:
                raise
            continue
        if root.tag == "negotiation_template":
            domains.append((path, root))
        elif root.tag == "utility_space" and (
            root.find(".//weight") is not None or root.find(".//ufun") is not None
        ):
            profiles.append((path, root))
    return domains, profiles


def is_genius_folder(folder: str | Path) -> bool:
    """Whether a folder holds a Genius XML domain (an XML file whose root is ``negotiation_template``)."""
    return folder_has(folder, "*.xml", "<negotiation_template", 2048)


def read_genius(
    folder: str | Path, *, signatories: list[str] | None = None, normalize: bool = True
) -> DealSpace:
    """Read a Genius XML domain folder: one domain file and one utility-space file per party.

    Parameters
    ----------
    folder : str or Path
        Folder with the domain XML (root ``negotiation_template``) and the profiles (root
        ``utility_space`` with ``<weight>`` elements). Other XML files (e.g. ``pareto.xml``) are ignored.
    signatories : list of str, optional
        Required signatories (profile file stems); all parties by default.
    normalize : bool
        Divide discrete evaluations by the issue's largest evaluation, as Genius does (default). False
        keeps the raw evaluations, which is how NegMAS 0.16 reads these files (on
        ``y2015/group9-killer_robot`` it then finds its reported 11,997 Pareto points; Genius's own
        utilities give 7,444).

    Returns
    -------
    DealSpace
        Actors are named by profile file stem, in file-name order.

    Raises
    ------
    DealFormatError
        The folder or a file in it is malformed or not additive; the message names the file and reason.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DealFormatError(str(folder), "not a folder")
    domains, profiles = _classify(folder)
    if len(domains) != 1:
        raise DealFormatError(
            str(folder), f"expected one domain XML (root <negotiation_template>), found {len(domains)}"
        )
    if not profiles:
        raise DealFormatError(str(folder), "no utility-space XML (root <utility_space> with <weight>) found")
    dpath, droot = domains[0]
    names, indices, options, lowers = _domain(dpath, droot)
    actors, weights, tables, reservations, discounts = [], [], [], [], []
    for path, root in profiles:
        w, t, r, dsc = _profile(path, root, names, indices, options, lowers, normalize)
        actors.append(path.stem)
        weights.append(w)
        tables.append(t)
        reservations.append(r)
        discounts.append(dsc)
    values = tuple(np.stack([tables[a][k] for a in range(len(actors))]) for k in range(len(names)))
    space = DealSpace(
        issues=tuple(names),
        options=tuple(tuple(o) for o in options),
        actors=tuple(actors),
        weights=np.stack(weights),
        values=values,
        disagreement=np.array(reservations),
        name=folder.name,
        metadata={
            "format": "genius",
            "domain_file": str(dpath),
            "profiles": [str(p) for p, _ in profiles],
            "discount_factors": dict(zip(actors, discounts, strict=True)),
        },
    )
    return space.with_signatories(signatories) if signatories else space
