"""Chat over the site's own documents: parsing, passages, embeddings, a SQLite index with
FTS5 full-text search and vectors, hybrid retrieval and grounded prompts. No Qt."""
