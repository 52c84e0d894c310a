"""One module per page: Sök, Post, Matcha, Berättelser."""
