from pathlib import Path

from kb.content.parsing import parse_file
from kb.indexing.chunking import chunk_entry, head_facts
from tests.support import entry


def parse(text: str):
    return parse_file(Path("x.md"), text.encode(), 10**8).entry


def test_head_chunk_holds_summary_and_facts_then_sections(e5):
    course = parse(entry(
        "course", "Svetsteknik", "# Svetsteknik\n\nOm kursen.\n\n## LIA\n\nTio veckor hos företag.\n",
        summary="YH i svetsning.", regions="[Gävleborg]", municipalities="[Sandviken]", topics="[svetsning]",
        form="YH", location="Sandviken",
    ))
    chunks = chunk_entry(course, e5.count_tokens, 256, 50).chunks
    assert chunks[0].text == "YH i svetsning."  # the snippet a reader sees
    assert "Region: Gävleborg" in head_facts(course) and "Utbildningsform: YH" in chunks[0].embed_text
    assert [c.heading_path for c in chunks] == [(), (), ("LIA",)]  # the H1 equal to the title is not repeated
    assert chunks[2].context == "Svetsteknik > LIA"
    assert chunks[2].embed_text.startswith("Svetsteknik > LIA\nTio veckor")


def test_every_chunk_fits_the_budget_and_no_text_is_lost(e5):
    sentence = "Företaget i Avesta automatiserar slipningen och behöver robotoperatörer. "
    body = "# R\n\n" + "\n\n".join(sentence * n for n in (1, 5, 40, 200)) + "\n\n" + "x" * 5000
    report = parse(entry("report", "Rapport", body))
    chunks = chunk_entry(report, e5.count_tokens, 128, 1000).chunks
    assert all(e5.count_tokens(c.embed_text) <= 128 for c in chunks)
    words = lambda s: "".join(s.split())  # noqa: E731
    assert words("".join(c.text for c in chunks[1:])) == words(body.replace("# R", ""))


def test_a_huge_entry_is_capped_and_says_so(e5):
    body = "\n\n".join(f"## Del {i}\n\nText om del {i}." for i in range(300))
    chunked = chunk_entry(parse(entry("report", "Stor", body)), e5.count_tokens, 256, 20)
    assert len(chunked.chunks) == 20 and chunked.truncated


def test_a_multi_megabyte_file_is_chunked(e5):
    paragraph = "Gjuteriet i Sandviken automatiserar efterbearbetningen med robotar och ny kompetens. " * 20
    body = "\n\n".join(f"## Avsnitt {i}\n\n{paragraph}" for i in range(1000))  # about 1.7 MB
    whole = chunk_entry(parse(entry("report", "Stor rapport", body)), e5.count_tokens, 256, 100_000)
    assert len(whole.chunks) > 1000 and not whole.truncated
    assert all(len(c.text) > 100 for c in whole.chunks[1:])  # sections split at sentences, not into crumbs
