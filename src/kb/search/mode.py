"""How a search looks: by meaning, by words, or both. A module of its own so that the `kb` command can name the
modes without importing the search itself (numpy, the store, the model)."""

from kb.choice import Choice


class Mode(Choice):
    hybrid = "hybrid"
    semantic = "semantic"
    keyword = "keyword"
