"""English terms and their Swedish words: model-free."""

from kb.text.glossary import translations


def test_terms_are_found_longest_first_in_any_case():
    found = [(t.term, t.swedish) for t in translations("Thesis project on Energy Efficiency at a steel mill")]
    assert found[0] == ("Thesis", ("exjobb", "examensarbete"))
    assert ("Energy Efficiency", ("energieffektivisering",)) in found  # not "energy" and "efficiency" apart
    assert ("steel", ("stål",)) in found and ("mill", ("verk", "bruk", "valsverk")) in found


def test_words_that_only_contain_a_term_are_not_it():
    assert translations("steelworks aidan") == []
