"""Stories for communicators over the bundled content: newest first, filters, words, copy-ready text."""

from kb.search.stories import stories


def test_stories_newest_first_with_copy_ready_markdown(content_kb):
    found = stories(content_kb)
    assert len(found) >= 5
    dates = [s.published for s in found if s.published]
    assert len(dates) >= 5 and dates == sorted(dates, reverse=True)
    for story in found:
        assert story.markdown.startswith(f"## {story.title}")
        assert all(f"#{tag}" in story.markdown for tag in story.hashtags)
    quoted = [s for s in found if s.quote]
    assert quoted
    for story in quoted:
        assert f"> {story.quote}" in story.markdown


def test_plain_text_for_social_media_and_markdown_beside_it(content_kb):
    [hofors] = [s for s in stories(content_kb) if s.id == "case-svetsarna-i-hofors"]
    assert hofors.text.startswith(hofors.title + "\n\n") and "##" not in hofors.text and ">" not in hofors.text
    assert hofors.text.rstrip().endswith(" ".join(f"#{t}" for t in hofors.hashtags))
    assert f"”{hofors.quote.strip('”')}”" in hofors.text
    assert hofors.markdown.startswith(f"## {hofors.title}")


def test_a_word_search_keeps_only_the_stories_it_fits(content_kb):
    every = stories(content_kb)
    equality = stories(content_kb, "jämställdhet")
    assert equality and len(equality) < len(every)
    assert equality[0].id == "case-svetsarna-i-hofors" and "jämställdhet" in equality[0].topics
    assert stories(content_kb, "xyzzy qwertyuiop") == []


def test_stories_filter_and_search(content_kb):
    equality = stories(content_kb, topics=["jämställdhet"])
    assert equality and all("jämställdhet" in s.topics for s in equality)
    assert stories(content_kb, "kvinnor som svetsar")[0].id == "case-svetsarna-i-hofors"
    varmland = stories(content_kb, regions=["Värmland"])
    assert varmland and all("Värmland" in s.regions for s in varmland)
    assert len(varmland) < len(stories(content_kb))
