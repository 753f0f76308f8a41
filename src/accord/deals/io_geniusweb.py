"""Read GeniusWeb JSON domains and linear-additive profiles into a :class:`DealSpace`.

Format (GeniusWeb, T. Baarslag et al., https://tracinsy.ewi.tudelft.nl/pubtrac/GeniusWeb): a domain file
``{"name", "issuesValues": {issue: {"values": [...]}} }`` (or a numeric ``{"range": {"low", "high",
"step"}}``), and one profile per party ``{"LinearAdditiveUtilitySpace": {"issueUtilities": {issue:
{"DiscreteValueSetUtilities": {"valueUtilities": {value: u}}} | {"NumberValueSetUtilities": {"lowValue",
"lowUtility", "highValue", "highUtility"}}}, "issueWeights": {issue: w}, "domain": ..., "name",
"reservationBid"?}}``. Utilities are used as given (the profile defines them in [0, 1]); the
disagreement value of a party is the utility of its reservation bid, or 0 without one.

Profiles are taken in file-name order, which is the order of the utilities in ANAC ``specials.json``.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from .errors import DealFormatError, folder_has
from .space import DealSpace

__all__ = ["read_geniusweb", "is_geniusweb_folder"]

_PROFILE_KEYS = ("LinearAdditiveUtilitySpace", "LinearAdditive")


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DealFormatError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise DealFormatError(str(path), "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DealFormatError(
            str(path), f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None


def _classify(folder: Path) -> tuple[list[tuple[Path, dict]], list[tuple[Path, dict]]]:
    domains, profiles = [], []
    for path in sorted(folder.glob("*.json")):
        if path.name == "specials.json":
            continue
        data = _load_json(path)
        if not isinstance(data, dict):
            continue
        if "issuesValues" in data:
            domains.append((path, data))
        elif any(k in data for k in _PROFILE_KEYS):
            profiles.append((path, data))
    return domains, profiles


def is_geniusweb_folder(folder: str | Path) -> bool:
    """Whether a folder holds a GeniusWeb domain file (JSON with ``issuesValues``)."""
    return folder_has(folder, "*.json", '"issuesValues"', 4096)


def _range_values(path: Path, issue: str, spec: Any) -> list[str]:
    try:
        low, high, step = (Decimal(str(spec[k])) for k in ("low", "high", "step"))
    except (KeyError, TypeError, InvalidOperation):
        raise DealFormatError(
            str(path), f"issue {issue!r}: a range needs numeric low, high and step"
        ) from None
    if step <= 0 or high < low:
        raise DealFormatError(str(path), f"issue {issue!r}: range needs step > 0 and high >= low")
    n = int((high - low) / step) + 1
    if n > 100_000:
        raise DealFormatError(str(path), f"issue {issue!r}: range has {n} values (limit 100,000)")
    # Decimal arithmetic keeps labels like "0.3" instead of "0.30000000000000004".
    return [str(low + i * step) for i in range(n)]


def _read_domain(path: Path, data: dict) -> tuple[list[str], list[list[str]]]:
    iv = data.get("issuesValues")
    if not isinstance(iv, dict) or not iv:
        raise DealFormatError(str(path), "'issuesValues' must be a non-empty object")
    issues, options = [], []
    for issue, spec in iv.items():
        if not isinstance(spec, dict):
            raise DealFormatError(str(path), f"issue {issue!r}: value set must be an object")
        if "values" in spec:
            vals = spec["values"]
            if not isinstance(vals, list) or not vals:
                raise DealFormatError(str(path), f"issue {issue!r}: 'values' must be a non-empty list")
            labels = [str(v) for v in vals]
        elif "range" in spec:
            labels = _range_values(path, issue, spec["range"])
        else:
            raise DealFormatError(str(path), f"issue {issue!r}: expected 'values' or 'range'")
        if len(set(labels)) != len(labels):
            raise DealFormatError(str(path), f"issue {issue!r}: duplicate values")
        issues.append(str(issue))
        options.append(labels)
    return issues, options


def _number(path: Path, where: str, x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float | str):
        raise DealFormatError(str(path), f"{where}: expected a number, got {x!r}")
    try:
        v = float(x)
    except ValueError:
        raise DealFormatError(str(path), f"{where}: expected a number, got {x!r}") from None
    if not np.isfinite(v):
        raise DealFormatError(str(path), f"{where}: not a finite number")
    return v


def _read_profile(
    path: Path, data: dict, issues: list[str], options: list[list[str]]
) -> tuple[str, np.ndarray, list[np.ndarray], dict[str, str] | None]:
    key = next(k for k in _PROFILE_KEYS if k in data)
    body = data[key]
    if not isinstance(body, dict):
        raise DealFormatError(str(path), f"'{key}' must be an object")
    utils, weights = body.get("issueUtilities"), body.get("issueWeights")
    if not isinstance(utils, dict) or not isinstance(weights, dict):
        raise DealFormatError(str(path), "a profile needs 'issueUtilities' and 'issueWeights' objects")
    missing = [i for i in issues if i not in utils or i not in weights]
    if missing:
        raise DealFormatError(str(path), f"no utilities or weight for issue(s) {missing}")
    extra = sorted(set(utils) - set(issues))
    if extra:
        raise DealFormatError(str(path), f"issue(s) {extra} are not in the domain")
    w = np.array([_number(path, f"weight of {i!r}", weights[i]) for i in issues])
    if np.any(w < 0):
        raise DealFormatError(str(path), "issue weights must be non-negative")
    tables = []
    for issue, labels in zip(issues, options, strict=True):
        spec = utils[issue]
        if isinstance(spec, dict) and "DiscreteValueSetUtilities" in spec:
            vu = (
                spec["DiscreteValueSetUtilities"].get("valueUtilities")
                if isinstance(spec["DiscreteValueSetUtilities"], dict)
                else None
            )
            if not isinstance(vu, dict):
                raise DealFormatError(str(path), f"issue {issue!r}: 'valueUtilities' must be an object")
            unknown = sorted(set(map(str, vu)) - set(labels))
            if unknown:
                raise DealFormatError(str(path), f"issue {issue!r}: values {unknown} are not in the domain")
            # GeniusWeb gives utility 0 to a value that the profile does not list.
            row = [_number(path, f"utility of {issue!r}={v!r}", vu[v]) if v in vu else 0.0 for v in labels]
        elif isinstance(spec, dict) and "NumberValueSetUtilities" in spec:
            nv = spec["NumberValueSetUtilities"]
            try:
                lo_v, lo_u, hi_v, hi_u = (
                    _number(path, f"issue {issue!r} {k}", nv[k])
                    for k in ("lowValue", "lowUtility", "highValue", "highUtility")
                )
            except (KeyError, TypeError):
                raise DealFormatError(
                    str(path),
                    f"issue {issue!r}: NumberValueSetUtilities needs lowValue, lowUtility, "
                    "highValue, highUtility",
                ) from None
            try:
                x = np.array([float(v) for v in labels])
            except ValueError:
                raise DealFormatError(
                    str(path),
                    f"issue {issue!r}: NumberValueSetUtilities on an issue whose values are not numbers",
                ) from None
            frac = (x - lo_v) / (hi_v - lo_v) if hi_v != lo_v else np.zeros_like(x)
            row = list(np.clip(lo_u + np.clip(frac, 0, 1) * (hi_u - lo_u), 0.0, 1.0))
        else:
            raise DealFormatError(
                str(path),
                f"issue {issue!r}: unsupported value-set utility "
                f"{list(spec) if isinstance(spec, dict) else spec!r}",
            )
        tables.append(np.array(row, dtype=np.float64))
    name = str(body.get("name") or path.stem)
    rbid = body.get("reservationBid")
    if rbid is not None and not isinstance(rbid, dict):
        raise DealFormatError(str(path), "'reservationBid' must be an object")
    if isinstance(rbid, dict) and "issuevalues" in rbid:
        rbid = rbid["issuevalues"]
    reservation = None
    if rbid:
        reservation = {str(k): str(v) for k, v in rbid.items()}
    return name, w, tables, reservation


def read_geniusweb(folder: str | Path, *, signatories: list[str] | None = None) -> DealSpace:
    """Read a GeniusWeb domain folder (one domain JSON, one profile JSON per party).

    Parameters
    ----------
    folder : str or Path
        Folder with the domain file (a JSON object with ``issuesValues``) and the party profiles
        (JSON objects with ``LinearAdditiveUtilitySpace``); ``specials.json`` is ignored.
    signatories : list of str, optional
        Required signatories (profile names); all parties by default.

    Returns
    -------
    DealSpace

    Raises
    ------
    DealFormatError
        The folder or a file in it is malformed; the message names the file and the reason.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DealFormatError(str(folder), "not a folder")
    domains, profiles = _classify(folder)
    if len(domains) != 1:
        raise DealFormatError(
            str(folder), f"expected one domain JSON (with 'issuesValues'), found {len(domains)}"
        )
    if not profiles:
        raise DealFormatError(str(folder), "no profile JSON (with 'LinearAdditiveUtilitySpace') found")
    dpath, ddata = domains[0]
    issues, options = _read_domain(dpath, ddata)
    names, weights, values, reservations = [], [], [], []
    for path, data in profiles:
        name, w, tables, rbid = _read_profile(path, data, issues, options)
        if name in names:
            name = path.stem
        names.append(name)
        weights.append(w)
        values.append(tables)
        reservations.append((path, rbid))
    n_a = len(names)
    values_by_issue = [np.stack([values[a][k] for a in range(n_a)]) for k in range(len(issues))]
    space = DealSpace(
        issues=tuple(issues),
        options=tuple(tuple(o) for o in options),
        actors=tuple(names),
        weights=np.stack(weights),
        values=tuple(values_by_issue),
        name=str(ddata.get("name") or folder.name),
        metadata={
            "format": "geniusweb",
            "domain_file": str(dpath),
            "profiles": [str(p) for p, _ in profiles],
        },
    )
    d = np.zeros(n_a)
    for a, (path, rbid) in enumerate(reservations):
        if rbid is None:
            continue
        try:
            idx = space.index_of(rbid)
        except (KeyError, ValueError):
            raise DealFormatError(
                str(path), f"reservationBid {rbid} is not a complete bid of the domain"
            ) from None
        d[a] = space.utilities([idx])[0, a]
    if np.any(d):
        space = space.with_disagreement(d)
    return space.with_signatories(signatories) if signatories else space
