"""Content: Markdown files into typed entries, with precise problems for the people who wrote them."""
