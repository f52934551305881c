from model.text import STOPWORDS, analyze, stem, tokenize


def test_domain_words_are_not_stopwords():
    for word in ("fire", "front", "back", "not", "against", "no"):
        assert word not in STOPWORDS
    assert "fire" in analyze("Ukrainian troops returned fire at the front")


def test_tokenize_folds_case_apostrophes_and_possessives():
    assert tokenize("Kostiantynivka’s outskirts, Kupiansk-Vuzlovyi: 74 attacks") == [
        "kostiantynivka", "outskirts", "kupiansk", "vuzlovyi", "74", "attacks"]


def test_stemmer_is_cached():
    stem.cache_clear()
    stem("attacks"); stem("attacks")
    assert stem.cache_info().hits == 1 and stem("attacks") == "attack"
