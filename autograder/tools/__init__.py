"""Tools for authors, apart from both the learner side and the grading engine: the book's page
helpers (:mod:`.book`), the book's own modules for code outside the book (:mod:`.book_extensions`)
and the benchmarks' measurements (:mod:`.measure`)."""
