from kb.content.markdown import first_paragraph, render_html, sections


def test_sections_follow_the_heading_path():
    body = "# Titel\n\nIntro.\n\n## Innehåll\n\n- robotar\n- svetsning\n\n### Moduler\n\n| Kurs | YH-poäng |\n|---|---|\n| PLC | 40 |\n\n## Kontakt\n\nRing oss."
    found = [(s.heading_path, s.blocks) for s in sections(body)]
    assert found == [
        (["Titel"], ["Intro."]),
        (["Titel", "Innehåll"], ["- robotar", "- svetsning"]),
        (["Titel", "Innehåll", "Moduler"], ["Kurs | YH-poäng", "PLC | 40"]),
        (["Titel", "Kontakt"], ["Ring oss."]),
    ]


def test_text_before_any_heading_has_an_empty_path():
    assert [(s.heading_path, s.text) for s in sections("Bara text.\n\nMer text.")] == [([], "Bara text.\n\nMer text.")]


def test_plain_text_keeps_link_text_and_drops_markup():
    [section] = sections("Läs **mer** på [vår sida](https://example.org) och `kod`.")
    assert section.text == "Läs mer på vår sida och kod."


def test_first_paragraph_skips_headings():
    assert first_paragraph("# Rubrik\n\nDet här är *början*.\n\nSedan mer.") == "Det här är början."


def test_html_escapes_raw_html_and_drops_unsafe_links():
    html = render_html(
        '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
        "[klick](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.org)"
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, not run
    assert "javascript:" not in html.replace("[klick](javascript:", "")  # never as a link target
    assert 'href="javascript' not in html and 'href="data' not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>' in html


def test_html_renders_tables_and_lists():
    html = render_html("- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |")
    assert "<li>a</li>" in html and "<table>" in html and "<td>1</td>" in html
