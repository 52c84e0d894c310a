"""Markdown bodies as plain text by section (for embedding) and as safe HTML (for display)."""

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

_LINK_REL = "noopener noreferrer nofollow"
# An example entry's note that it is made up ("*Exempelpost: utbildningen är påhittad.*"): the page shows it,
# but it is not what the entry is about, so it is neither searched nor shown as a snippet.
_EXAMPLE_NOTE = re.compile(r"^[*_]*(exempel\w*|example\w*)\s*:", re.IGNORECASE)


@dataclass
class Section:
    """A heading path and the plain text under it, paragraphs separated by blank lines."""

    heading_path: list[str]
    blocks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False: raw HTML in content is shown as text, never passed through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child))
    return "".join(parts).strip()


def sections(markdown: str) -> list[Section]:
    """Split a body into sections; each block of text is one paragraph, list item, row or code block."""
    tokens = _parser().parse(markdown)
    result = [Section([])]
    path: list[tuple[int, str]] = []
    row: list[str] = []
    in_heading = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            in_heading = int(token.tag[1])
        elif token.type == "inline" and in_heading:
            path = [(level, text) for level, text in path if level < in_heading]
            path.append((in_heading, _inline_text(token)))
            result.append(Section([text for _, text in path]))
            in_heading = 0
        elif token.type == "inline":
            text = _inline_text(token)
            if not text:
                continue
            if tokens[i - 1].type in ("th_open", "td_open"):
                row.append(text)
            else:
                in_list = any(t.type == "list_item_open" for t in tokens[max(0, i - 2) : i])
                result[-1].blocks.append(f"- {text}" if in_list else text)
        elif token.type == "tr_close" and row:
            result[-1].blocks.append(" | ".join(row))
            row = []
        elif token.type in ("fence", "code_block") and token.content.strip():
            result[-1].blocks.append(token.content.strip())
    return [s for s in result if s.blocks or s.heading_path]


def is_example_note(block: str) -> bool:
    return bool(_EXAMPLE_NOTE.match(block.strip()))


@dataclass(frozen=True)
class Block:
    """One block of a body as a reader meets it: a heading, a paragraph, a list item or a table."""

    kind: str  # "heading", "paragraph", "item" or "table"
    text: str = ""  # the table's rows joined by " | " per row, one per line
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows, its header first


def blocks(markdown: str) -> list[Block]:
    """A body's blocks in reading order, with tables kept whole (for readers of rows by their column)."""
    tokens = _parser().parse(markdown)
    found: list[Block] = []
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_inline_text(token))
        elif token.type == "inline":
            text = _inline_text(token)
            opener = tokens[i - 1].type
            kind = "heading" if opener == "heading_open" else "paragraph"
            if any(t.type == "list_item_open" for t in tokens[max(0, i - 2) : i]):
                kind = "item"
            if text:
                found.append(Block(kind, text))
        elif token.type == "tr_close":
            rows.append(tuple(row))
            row = []
        elif token.type == "table_close":
            found.append(Block("table", "\n".join(" | ".join(r) for r in rows), tuple(rows)))
            rows = []
    return found


def first_paragraph(markdown: str) -> str | None:
    """The first paragraph of running text, used when an entry has no summary."""
    tokens = _parser().parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "inline" and i and tokens[i - 1].type == "paragraph_open":
            text = _inline_text(token)
            if text:
                return text
    return None


def render_html(markdown: str) -> str:
    """HTML for display: no raw HTML from content, only safe link schemes, links marked external."""
    html = _parser().render(markdown)
    return nh3.clean(html, link_rel=_LINK_REL, url_schemes={"http", "https", "mailto", "tel"})


def plain_text(text: str) -> str:
    """Text without HTML tags, comments or entities (a title, a summary): what a reader sees, never markup.

    Entities are decoded after the tags are gone, so '&lt;b&gt;' would become a tag; repeat until nothing
    changes (each round only shortens the text, so a few rounds always suffice)."""
    for _ in range(8):
        cleaner = html.unescape(nh3.clean(text, tags=set()))
        if cleaner == text:
            return text
        text = cleaner
    return text.replace("<", "").replace(">", "")
