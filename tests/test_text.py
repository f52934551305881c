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


def test_analyze_matches_the_step_by_step_definition():
    text = "Russia's forces, it's said, hit Pokrovs’k's outskirts: 12 drones and 3 KABs; Café déjà-vu 's"
    assert analyze(text) == [stem(t) for t in tokenize(text) if t not in STOPWORDS]
    assert analyze("") == [] and analyze("the of and") == []


def test_fast_word_counts_equal_scikit_learns():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from model.features import NgramAnalyzer, _WordCounter, tfidf_transform

    train = ["Russian forces attacked near Pokrovsk", "Drones struck Kharkiv and Pokrovsk overnight",
             "Forces attacked Kharkiv", "the attacked forces repelled drones near Kharkiv"] * 2
    texts = ["", "Forces attacked near Kharkiv; drones attacked Pokrovsk forces.", "nothing known here",
             "attacked attacked attacked", "Russian's forces the attacked"]
    for ngrams in ((1, 1), (1, 2), (2, 2)):
        vectorizer = TfidfVectorizer(analyzer=NgramAnalyzer(ngrams), sublinear_tf=True, dtype=np.float32).fit(train)
        counter = _WordCounter(vectorizer.vocabulary_, ngrams)
        expected, got = vectorizer.transform(texts), tfidf_transform(vectorizer, texts, counter)
        assert got.dtype == expected.dtype and (got != expected).nnz == 0
        assert np.array_equal(got.indices, expected.indices) and np.array_equal(got.indptr, expected.indptr)


def test_fast_normalise_and_fold_equal_their_plain_definitions():
    import unicodedata

    from model import placenames
    from model.text import normalise

    apostrophes = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})

    def plain_normalise(text):
        text = unicodedata.normalize("NFKD", text.translate(apostrophes))
        return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()

    def plain_fold(text):
        low = text.lower()
        if len(low) != len(text):
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        return placenames._NON_WORD.sub(" ", low.translate(placenames._SPACES))

    for text in ("Kup'yansk-Vuzlovyi, 74 `attacks`_", "Kupʼyansk’s “Café” — déjà vu İstanbul ©2025 №5 ½",
                 "Покровськ and Chasiv Yar\u00a0(Bakhmut)", "Ⅻ ﬁre ２３ 𝟓 ΟΔΟΣ", ""):
        assert normalise(text) == plain_normalise(text)
        assert placenames.fold(text) == plain_fold(text) and len(placenames.fold(text)) == len(text)


def test_a_pickled_vocabulary_is_one_string_and_comes_back_the_same():
    import copy
    import pickle
    import pickletools

    import pandas as pd

    from model.features import PackedVocabulary, TextFeatures

    texts = pd.DataFrame({"text": [f"Assault number {i} near Pokrovsk, drones over Kharkiv {i * 7}" for i in range(400)]})
    features = TextFeatures(min_df=1, char_ngrams=True).fit(texts)
    features.top_terms(features.transform(texts.head(2))[:, : features.n_features_])  # fills the term-name cache
    data = pickle.dumps(features)
    again = pickle.loads(data)
    for name in ("words_", "chars_"):
        original, restored = getattr(features, name).vocabulary_, getattr(again, name).vocabulary_
        assert type(restored) is dict and restored == original and len(original) > 1000
        assert type(original) is dict  # pickling leaves the fitted object as it was
    assert (again.transform(texts) != features.transform(texts)).nnz == 0
    assert len(list(pickletools.genops(data))) < len(features.words_.vocabulary_)  # a dict takes opcodes per term
    assert pickle.loads(pickle.dumps(PackedVocabulary({"b": 0, "a": 2}))) == {"b": 0, "a": 2}  # not 0..n-1: as it is
    assert pickle.loads(pickle.dumps(PackedVocabulary({"x\ny": 0}))) == {"x\ny": 0}
    assert pickle.loads(pickle.dumps(PackedVocabulary({"": 0}))) == {"": 0}
    assert (copy.copy(features).transform(texts) != features.transform(texts)).nnz == 0  # copying does not pickle
