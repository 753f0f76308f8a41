"""The fast paths of the text pipeline give what the plain ones give (issue 14).

The private OpenBLAS gemm (:mod:`accord.text.blas`) against numpy's ``dot``, and the parses made with
it against the parses made with numpy's BLAS.
"""

from __future__ import annotations

import json

import numpy
import pytest

from .conftest import BRIEF, ROOT

GOLD = ROOT.parent / "shared" / "data" / "plover" / "plover-gsr-dev.json"


@pytest.fixture(scope="module")
def fast_ops(nlp):
    from accord.text.blas import FastGemmOps, private_sgemm

    sgemm = private_sgemm()
    if sgemm is None:
        pytest.skip("no private OpenBLAS here (no AVX-512, no scipy-openblas, or ACCORD_TEXT_BLAS=numpy)")
    return FastGemmOps(sgemm)


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
@pytest.mark.parametrize("shape", [(1, 1, 1), (7, 3, 5), (300, 288, 288), (64, 96, 1024), (513, 17, 2)])
def test_fast_gemm_equals_numpy_dot(fast_ops, shape, trans1, trans2):
    m, k, n = shape
    rng = numpy.random.default_rng(m * 1000 + k + n)
    x = rng.standard_normal((k, m) if trans1 else (m, k), dtype=numpy.float32)
    y = rng.standard_normal((n, k) if trans2 else (k, n), dtype=numpy.float32)
    want = numpy.dot(x.T if trans1 else x, y.T if trans2 else y)
    got = fast_ops.gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == (m, n) and got.dtype == numpy.float32 and got.flags.c_contiguous
    numpy.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4 * numpy.sqrt(k))
    out = numpy.full((m, n), numpy.nan, dtype=numpy.float32)  # beta = 0: nothing of out is read
    assert fast_ops.gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4 * numpy.sqrt(k))


def test_fast_gemm_falls_back_to_numpy(fast_ops):
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((6, 4), dtype=numpy.float32)
    y = rng.standard_normal((4, 5), dtype=numpy.float32)
    # Another dtype, a strided view, an empty dimension: numpy's dot, exactly.
    numpy.testing.assert_array_equal(fast_ops.gemm(x.astype("f8"), y.astype("f8")), x.astype("f8") @ y)
    wide = rng.standard_normal((6, 8), dtype=numpy.float32)[:, ::2]
    numpy.testing.assert_array_equal(fast_ops.gemm(wide, y), numpy.dot(wide, y))
    assert fast_ops.gemm(x[:0], y).shape == (0, 5)
    numpy.testing.assert_array_equal(fast_ops.gemm(x[:, :0], y[:0]), numpy.zeros((6, 5), "f4"))
    # An out of the wrong shape is numpy's error; an out overlapping an operand is numpy's business.
    with pytest.raises(ValueError):
        fast_ops.gemm(x, y, out=numpy.empty((5, 6), dtype=numpy.float32))
    sq = rng.standard_normal((4, 4), dtype=numpy.float32)
    want = sq @ sq
    numpy.testing.assert_allclose(fast_ops.gemm(sq, sq, out=sq), want, rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError):  # thinc's shape check, before any product
        fast_ops.gemm(x[0], y)


def test_the_pipeline_runs_on_the_private_blas_where_there_is_one(nlp, fast_ops):
    import os

    from accord.text.blas import core_names

    assert type(nlp.get_pipe("tok2vec").model.ops) is type(fast_ops)
    names = core_names()
    assert names["text"] == "SkylakeX (private copy)"
    if os.environ.get("OPENBLAS_CORETYPE", "").lower() == "haswell":  # numpy keeps the pinned kernels
        assert names["numpy"] == "Haswell"


def _sentences() -> list[str]:
    """The example brief's paragraphs, and the gold sentences where ../shared is present."""
    from accord.text.reading import blocks_from_text

    texts = [b.text.replace("\n", " ") for b in blocks_from_text(BRIEF.read_text(), "markdown")]
    if GOLD.is_file():
        texts += [r["text"] for r in json.loads(GOLD.read_text()) if r.get("event") != "DOCUMENT"]
    return texts


def _parses(nlp, texts: list[str], ops) -> list[tuple]:
    """Tags, heads and deps of every text, the model's layers on ``ops`` (restored after)."""
    from accord.text.pipeline import _REPLACED, fast_tags

    models = [getattr(pipe, "model", None) for _, pipe in nlp.pipeline]
    nodes = [n for m in models if hasattr(m, "walk") for n in m.walk()]
    saved = [n.ops for n in nodes]
    for n in nodes:
        n.ops = ops
    try:
        with nlp.select_pipes(disable=list(_REPLACED)):
            docs = [fast_tags()(d) for d in nlp.pipe(texts, batch_size=64)]
    finally:
        for n, o in zip(nodes, saved, strict=True):
            n.ops = o
    return [(tuple(t.tag_ for t in d), tuple(t.head.i for t in d), tuple(t.dep_ for t in d)) for d in docs]


def test_parses_are_those_of_numpy_blas(nlp, fast_ops):
    from thinc.api import NumpyOps

    texts = _sentences()
    plain = _parses(nlp, texts, NumpyOps(use_blis=False))
    fast = _parses(nlp, texts, fast_ops)
    flipped = [t for t, a, b in zip(texts, plain, fast, strict=True) if a != b]
    assert not flipped, f"{len(flipped)} of {len(texts)} parses differ, e.g. {flipped[:3]}"


_TRICKY = [
    "",
    ".",
    '"',
    'He said: "We will not retreat." "Never," Zelensky added. Moscow demanded talks!! "Kyiv refused." ...',
    '"" . ! ? Kyiv urged the US to act.”He left.“ Then Moscow threatened sanctions. ‼ Washington agreed ‽',
    ' . . .  "Hello world" "Russia accused Ukraine"  “ Ukraine denied it ” the U.S. proposed a ceasefire.',
    "Mr. Putin rejected it。Then? (Yes.) [No!] Talks resumed... and ended.",
]


def _reference_starts(nlp, text: str) -> list[bool]:
    """spaCy's ``Sentencizer``, then an opening quote after a sentence end moved to the next sentence."""
    from spacy.pipeline import Sentencizer

    doc = Sentencizer()(nlp.make_doc(text))
    for k, tok in enumerate(doc):
        if tok.text not in '"“”' or not 0 < k < len(doc) - 1:
            continue
        if doc[k - 1].whitespace_ and not tok.whitespace_ and doc[k + 1].is_sent_start:
            tok.is_sent_start = True
            doc[k + 1].is_sent_start = False
    return [bool(t.is_sent_start) for t in doc]


def test_sentence_starts_are_the_sentencizers(nlp):
    from spacy.attrs import IS_PUNCT, ORTH, SPACY

    from accord.text.pipeline import sentence_starts

    for text in _TRICKY + _sentences() + [" ".join(_sentences()[:40])]:
        doc = nlp.make_doc(text)
        orth, punct, space = doc.to_array([ORTH, IS_PUNCT, SPACY]).T.tolist()
        assert sentence_starts(orth, punct, space, nlp.vocab) == _reference_starts(nlp, text), text


def test_worker_tasks_are_the_blocks_in_order_with_a_cut_tail(monkeypatch):
    import importlib

    from accord.text.reading import Block

    ex = importlib.import_module("accord.text.extract")
    monkeypatch.setattr(ex, "CHUNK_CHARS", 100)
    pairs = [(f"file{k // 50}", Block("x" * (5 + k % 17), k)) for k in range(300)]
    chunks = list(ex._chunks(pairs))
    tasks = list(ex._tasks(iter(chunks), 2))
    assert [p for t in tasks for p in t] == pairs and all(tasks)
    # The first chunks whole; the last two in about TAIL_PIECES pieces each.
    assert tasks[: len(chunks) - 2] == chunks[:-2]
    tail = tasks[len(chunks) - 2 :]
    assert 2 * ex.TAIL_PIECES - 2 <= len(tail) <= 2 * ex.TAIL_PIECES
    assert max(sum(len(b.text) for _, b in t) for t in tail) < 0.6 * ex.CHUNK_CHARS
    assert list(ex._tasks(iter(chunks[:1]), 2)) == list(ex._pieces(chunks[0], ex.TAIL_PIECES))


def test_workers_serve_many_short_files_in_order(nlp, flagship, tmp_path, monkeypatch):
    import importlib

    from accord.text import extract

    ex = importlib.import_module("accord.text.extract")
    monkeypatch.setattr(ex, "CHUNK_CHARS", 400)
    paragraphs = BRIEF.read_text().split("\n\n")
    paths = []
    for k in range(0, len(paragraphs), 3):  # short files, one chunk or two each
        paths.append(tmp_path / f"part{k:03d}.md")
        paths[-1].write_text("\n\n".join(paragraphs[k : k + 3]), encoding="utf-8")
    one = extract(paths, flagship, date="2025-03-14")
    two = extract(paths, flagship, date="2025-03-14", jobs=2)
    assert len({s.source for s in one.statements}) > 2
    assert one.statements and two.to_dict() == one.to_dict()
    # The same statements, each naming its file, as when the files are read one by one.
    alone = [s for p in paths for s in extract([p], flagship, date="2025-03-14").statements]
    assert list(one.statements) == alone and [s.source for s in alone] == [s.source for s in one.statements]


def test_gazette_marks_what_the_entity_ruler_marks(nlp, flagship):
    from spacy.attrs import ENT_ID, ENT_IOB, ENT_TYPE

    from accord.text.pipeline import Gazetteer, _Gazette, _ruler

    gazette = _ruler(Gazetteer.from_scenario(flagship))
    assert isinstance(gazette, _Gazette)
    texts = _sentences() + _TRICKY + ["Zelensky met Putin.", "The United States and Russia talked."]
    named = 0
    for text in texts:
        a, b = gazette(nlp.make_doc(text)), gazette.ruler(nlp.make_doc(text))
        named += bool(b.ents)
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in a.ents] == [
            (e.start, e.end, e.label_, e.ent_id_) for e in b.ents
        ]
        cols = [ENT_IOB, ENT_TYPE, ENT_ID]
        assert a.to_array(cols).tolist() == b.to_array(cols).tolist(), text
    assert 0 < named < len(texts)  # both paths taken


def test_the_private_copy_is_found_after_scipy(nlp):
    """scipy maps its own (32-bit) OpenBLAS too; the copy must still be made of numpy's (ILP64) one.

    In a fresh process that imports scipy's BLAS first, as the analysis layer does, on a CPU with the
    AVX-512 flags: the private gemm is there (a skip here once hid that it never was).
    """
    import os
    import subprocess
    import sys

    from accord.text.blas import SKYLAKEX_FLAGS, _cpu_flags

    if not SKYLAKEX_FLAGS <= _cpu_flags():
        pytest.skip("this CPU lacks the AVX-512 flags the private copy needs")
    code = (
        "import scipy.linalg\nfrom accord.text.blas import private_sgemm\nprint(private_sgemm() is not None)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_TEXT_BLAS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "True", out.stderr
