"""Reading input: offsets into the input, markup stripped, bad input refused (no spaCy needed)."""

from __future__ import annotations

import pytest

from accord.errors import InputError
from accord.text.reading import BLOCK_CHARS, blocks_from_text, check_english, read_blocks

ENGLISH = "The foreign minister said on Tuesday that the government would not accept the proposal. "


def _joined(blocks):
    return [(b.text, b) for b in blocks]


def test_plain_text_blocks_are_input_slices(tmp_path):
    text = ENGLISH + "\n\n" + "Officials of the two countries met in Geneva.\n"
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    blocks = list(read_blocks(p))
    assert len(blocks) == 2
    for b in blocks:
        a, z, quote = b.quote(0, len(b.text))
        assert text[a:z] == quote == b.text


def test_huge_plain_file_streams_in_bounded_blocks(tmp_path):
    para = ENGLISH * 3
    p = tmp_path / "big.txt"
    p.write_text("\n\n".join([para] * 3000), encoding="utf-8")
    text = p.read_text(encoding="utf-8")
    n = 0
    for b in read_blocks(p):
        assert len(b.text) <= BLOCK_CHARS
        a, z, quote = b.quote(0, len(b.text))
        assert text[a:z] == quote
        n += 1
    assert n >= 3000


def test_markdown_markup_is_stripped_and_offsets_point_into_the_input():
    md = "# Headline here\n\nThe **Kremlin** [rejected](http://x.y/z) the _proposal_ on Monday, "
    md += "officials said."
    blocks = list(blocks_from_text(md, "markdown"))
    body = blocks[-1]
    assert "**" not in body.text and "http" not in body.text and "rejected the proposal" in body.text
    k = body.text.index("Kremlin")
    a, z, quote = body.quote(k, k + len("Kremlin rejected"))
    assert md[a:z] == quote and quote.startswith("Kremlin")


def test_html_tags_scripts_and_entities():
    html = (
        "<html><head><title>t</title><script>var x = 1;</script></head><body>"
        "<p>Ankara &amp; Kyiv <b>agreed</b> to talks.</p><p>Second paragraph here.</p></body></html>"
    )
    blocks = list(blocks_from_text(html, "html"))
    texts = [b.text.strip() for b in blocks]
    assert "Ankara & Kyiv agreed to talks." in " ".join(" ".join(t.split()) for t in texts)
    assert all("var x" not in t for t in texts)
    first = next(b for b in blocks if "Ankara" in b.text)
    furniture = (
        "<body><nav>Russia attacked</nav><p>Kyiv agreed.</p><aside><h3>Related</h3>"
        "<p>Rebels shelled the town.</p></aside><form><button>Subscribe</button></form>"
        "<footer>(c) 2025</footer></body>"
    )
    kept = " ".join(b.text for b in blocks_from_text(furniture, "html"))
    assert "Kyiv agreed." in kept and not any(w in kept for w in ("attacked", "shelled", "Subscribe", "2025"))
    k = first.text.index("Ankara")
    a, z, quote = first.quote(k, k + len("Ankara"))
    assert html[a:z] == "Ankara"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01binary\x00", "binary"),
        (b"caf\xe9 au lait " * 20, "UTF-8"),
    ],
)
def test_bad_files_are_input_errors(tmp_path, data, message):
    p = tmp_path / "f.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        list(read_blocks(p))


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        list(read_blocks(tmp_path / "nope.txt"))


def test_non_english_is_refused():
    with pytest.raises(InputError, match="English"):
        check_english(
            "Der Außenminister sagte am Dienstag, die Regierung werde den Vorschlag nicht annehmen, "
            "und die Verhandlungen würden fortgesetzt, sobald beide Seiten bereit seien.",
            "x",
        )
    with pytest.raises(InputError, match="English"):
        check_english(
            "Министр иностранных дел заявил во вторник, что правительство не примет предложение.", "x"
        )
    check_english(ENGLISH * 2, "x")
    check_english("Kremlin rejects truce", "x")  # a short headline passes


def test_markup_over_the_limit_is_refused(tmp_path, monkeypatch):
    import accord.text.reading as reading

    monkeypatch.setattr(reading, "MAX_MARKUP_BYTES", 1000)
    monkeypatch.setattr(reading, "_READ", 500)
    p = tmp_path / "big.html"
    p.write_text("<html><body>" + "<p>" + ENGLISH * 40 + "</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="convert it to plain text"):
        list(read_blocks(p))
