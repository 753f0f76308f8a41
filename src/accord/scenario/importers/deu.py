"""Import DEU (Decision-making in the European Union) rows: one scenario per contested issue.

Columns ``p<actor>`` hold positions (0-100) and ``s<actor>`` saliences (0-100) for the Commission
(``com``), the Parliament (``ep``) and the member states; ``rp`` is the reference point (status quo) and
``out`` the actual outcome. The second row of ``deu3-dev.tsv`` holds a GDP weight per actor, used as
capability with ``capability="gdp"``. ``999`` or a blank cell is missing. An actor enters an issue's
scenario only when it has both a position and a salience.

References
----------
.. [DEU] R. Thomson, J. Arregui, D. Leuffen et al. (2012), "A new dataset on decision-making in the
   European Union before and after the 2004 and 2007 enlargements (DEUII)", *Journal of European Public
   Policy* 19(4); DEU III: J. Arregui and C. Perarnaud (2022), doi:10.34810/data53 (CC BY 4.0).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from ..errors import Problem, ScenarioError
from ..model import Actor, Issue, Scenario, Source, Stance
from ._common import Importer, clean_id, read_text, to_float

__all__ = ["DEUImporter", "DEU_ACTOR_NAMES", "read_deu"]

_MISSING = ("", "999", "999.0")
DEU_ACTOR_NAMES = {
    "com": "European Commission",
    "ep": "European Parliament",
    "at": "Austria",
    "be": "Belgium",
    "bu": "Bulgaria",
    "cr": "Croatia",
    "cy": "Cyprus",
    "cz": "Czech Republic",
    "dk": "Denmark",
    "ee": "Estonia",
    "fi": "Finland",
    "fr": "France",
    "de": "Germany",
    "el": "Greece",
    "hu": "Hungary",
    "ie": "Ireland",
    "it": "Italy",
    "lv": "Latvia",
    "lt": "Lithuania",
    "lu": "Luxembourg",
    "mt": "Malta",
    "nl": "Netherlands",
    "pl": "Poland",
    "pt": "Portugal",
    "ro": "Romania",
    "si": "Slovenia",
    "sk": "Slovakia",
    "es": "Spain",
    "se": "Sweden",
    "uk": "United Kingdom",
}


def read_deu(path: str | Path, capability: Literal["equal", "gdp"] = "equal") -> list[Scenario]:
    """Read a DEU TSV file into one scenario per issue row.

    Parameters
    ----------
    path : path-like
    capability : {"equal", "gdp"}
        Equal capabilities (1 each), or the GDP weight row (the file's second row).

    Returns
    -------
    list of Scenario
        In file order; ``metadata`` holds ``outcome`` and ``reference_point`` (None where missing or off
        the 0-100 scale), ``proposal``, ``procedure`` and ``row``.
    """
    if capability not in ("equal", "gdp"):
        raise ScenarioError.single("capability", f"must be 'equal' or 'gdp', not {capability!r}")
    file = str(path)
    rows = list(csv.reader(io.StringIO(read_text(path)), delimiter="\t"))
    if len(rows) < 2:
        raise ScenarioError.single(file, "expected a header row and a GDP weight row")
    header = rows[0]
    col = {h: k for k, h in enumerate(header)}
    codes = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in col and h[1:] in DEU_ACTOR_NAMES]
    missing_cols = [c for c in ("isnr", "rp", "out") if c not in col]
    if missing_cols or not codes:
        raise ScenarioError.single(
            file, f"not a DEU file: missing columns {missing_cols or ['p<actor>']}", 1, 1
        )
    problems: list[Problem] = []
    gdp: dict[str, float] = {}
    for code in codes:
        k = col["p" + code]
        v = to_float(
            rows[1][k] if k < len(rows[1]) else "", problems, file, 2, k + 1, f"p{code} (GDP)", _MISSING
        )
        gdp[code] = 1.0 if v is None else v
    out: list[Scenario] = []
    src = Source(
        "deu",
        "DEU III (Arregui & Perarnaud 2022), doi:10.34810/data53",
        url="https://doi.org/10.34810/data53",
    )
    for n, row in enumerate(rows[2:], start=3):
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (len(header) - len(row))

        def cell(name: str, row: list[str] = row) -> str:
            return row[col[name]] if name in col else ""

        actors, stances = [], []
        issue_id = clean_id(cell("isnr"), f"row{n}")
        for code in codes:
            pk, sk = col["p" + code], col["s" + code]
            pos = to_float(row[pk], problems, file, n, pk + 1, "p" + code, _MISSING)
            sal = to_float(row[sk], problems, file, n, sk + 1, "s" + code, _MISSING)
            if pos is None or sal is None:
                continue
            if not (0 <= pos <= 100 and 0 <= sal <= 100):
                continue  # off-scale codes are treated as missing, as in the DEU codebook
            actors.append(Actor(code, DEU_ACTOR_NAMES[code], gdp[code] if capability == "gdp" else 1.0))
            stances.append(Stance(code, issue_id, pos, sal, sources=("deu",)))
        rp = to_float(cell("rp"), problems, file, n, col["rp"] + 1, "rp", _MISSING)
        outcome = to_float(cell("out"), problems, file, n, col["out"] + 1, "out", _MISSING)
        rp = rp if rp is not None and 0 <= rp <= 100 else None
        outcome = outcome if outcome is not None and 0 <= outcome <= 100 else None
        issue = Issue(issue_id, cell("prname") or cell("isnr") or issue_id, 0.0, 100.0, status_quo=rp)
        out.append(
            Scenario(
                actors=tuple(actors),
                issues=(issue,),
                stances=tuple(stances),
                sources=(src,),
                title=f"{cell('prnr')} {cell('prname')}".strip(),
                metadata={
                    "imported_from": "deu",
                    "row": n,
                    "outcome": outcome,
                    "reference_point": rp,
                    "proposal": cell("prnr"),
                    "procedure": cell("proc"),
                    "capability": capability,
                },
            )
        )
    if problems:
        raise ScenarioError(problems)
    return out


class DEUImporter(Importer):
    """DEU (Decision-making in the European Union) TSV files: one scenario per issue row.

    Parameters
    ----------
    capability : {"equal", "gdp"}
        Equal capabilities, or the GDP weight row (the file's second row).
    """

    name = "deu"
    description = "DEU TSV: one scenario per contested issue, written to a folder"
    multi = True

    def __init__(self, capability: Literal["equal", "gdp"] = "equal"):
        self.capability = capability

    def _read(self, path: Path) -> list[Scenario]:
        return read_deu(path, capability=self.capability)
