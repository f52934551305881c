"""model.embeddings without the [embed] extra: how a text is cut into the sections that get encoded."""
from model.embeddings import EmbeddingClassifier, SentenceEmbeddings

PARAGRAPH = "Shelling near Huliaipole damaged two houses and a school; no casualties were reported by the regional office."


def test_a_long_text_is_cut_into_at_most_max_chunks_sections_of_about_chunk_chars():
    text = "\n\n".join(f"{PARAGRAPH} Update {i}." for i in range(40))
    chunks = SentenceEmbeddings(chunk_chars=300, max_chunks=3).chunks(text)
    assert len(chunks) == 3
    assert all(0 < len(c) <= 300 for c in chunks)
    assert chunks[0].startswith("Shelling near Huliaipole")


def test_short_and_empty_texts_are_one_section():
    embeddings = SentenceEmbeddings(chunk_chars=1000)
    assert embeddings.chunks(PARAGRAPH) == [PARAGRAPH]
    assert embeddings.chunks("") == [""]


def test_encoder_parameters_are_nested_estimator_parameters():
    params = EmbeddingClassifier(SentenceEmbeddings(max_chunks=2)).set_params(embeddings__max_seq_length=64).get_params()
    assert params["embeddings__max_chunks"] == 2 and params["embeddings__max_seq_length"] == 64
