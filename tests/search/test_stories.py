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


def test_stories_filter_and_search(content_kb):
    equality = stories(content_kb, topics=["jämställdhet"])
    assert equality and all("jämställdhet" in s.topics for s in equality)
    assert stories(content_kb, "kvinnor som svetsar")[0].id == "case-svetsarna-i-hofors"
    varmland = stories(content_kb, regions=["Värmland"])
    assert varmland and all("Värmland" in s.regions for s in varmland)
    assert len(varmland) < len(stories(content_kb))
