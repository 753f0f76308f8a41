"""The document header every ``--json`` output shares (see :mod:`accord.analysis.results`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..codec import Record

__all__ = ["SCHEMA_VERSION", "Document"]

#: Version of every JSON document accord writes (major.minor; the major changes on a breaking change).
SCHEMA_VERSION = "1.0"


class Document(Record):
    """A top-level result: ``to_dict`` leads with ``schema_version`` and ``kind``."""

    kind: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON document, ``schema_version`` and ``kind`` first."""
        return {"schema_version": SCHEMA_VERSION, "kind": self.kind, **super().to_dict()}

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of :meth:`to_dict`'s output, the document header included."""
        schema = super().json_schema()
        body = schema["$defs"][cls.__name__]
        body["properties"] = {
            "schema_version": {"type": "string", "pattern": r"^\d+\.\d+$"},
            "kind": {"const": cls.kind},
            **body["properties"],
        }
        body["required"] = ["schema_version", "kind", *body["required"]]
        schema["title"] = f"accord {cls.kind} (schema {SCHEMA_VERSION})"
        return schema
