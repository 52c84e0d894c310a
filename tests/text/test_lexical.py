"""The lexical side: Swedish terms and BM25 weights, model-free."""

from kb.text.lexical import document_vector, query_vector, terms, tokens


def test_swedish_normalisation_keeps_letters_and_stems():
    assert terms("Gjuterier och GJUTERI i Sandviken") == ["gjuteri", "gjuteri", "sandvik"]
    assert [t.surface for t in tokens("Örebro, Älvdalen & Åre")] == ["Örebro", "Älvdalen", "Åre"]  # no ASCII folding
    assert terms("och i på the of") == []  # stop words


def test_bm25_document_weights_saturate_and_queries_weigh_one():
    once, thrice = document_vector("svetsning"), document_vector("svetsning svetsning svetsning")
    assert once.indices == thrice.indices and once.values[0] < thrice.values[0] < 2.2  # (k1 + 1) caps it
    assert query_vector("svetsning svetsning kurs").values == [1.0, 1.0]
