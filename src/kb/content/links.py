"""Link fields of an entry: only web (http, https), e-mail (mailto) and relative links are kept.

A `javascript:` or `data:` address in `url` would run in the reader's browser wherever a page, an app
or a post made it a link; such a value is dropped at parse time (with a warning), so it reaches neither
the index nor the API.
"""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

LINK_FIELDS = ("url", "image", "website")
CONTACT_LINK_FIELDS = ("url", "website")
SAFE_SCHEMES = ("http", "https", "mailto")


def is_safe_link(value: str) -> bool:
    """http(s), mailto, or relative ('images/x.jpg', '/om', '#mer'); urlsplit drops what browsers ignore
    (leading spaces and control characters, tabs and newlines inside), so 'java\\tscript:' is caught."""
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES or scheme == ""


def check_links(values: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Drop unsafe links from front-matter values; yield (field, value) for each one dropped."""
    for name in LINK_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and not is_safe_link(value):
            yield name, values.pop(name)
    contact = values.get("contact")
    if isinstance(contact, dict):
        for name in CONTACT_LINK_FIELDS:
            value = contact.get(name)
            if isinstance(value, str) and not is_safe_link(value):
                yield f"contact.{name}", contact.pop(name)
