"""Tools for authors, apart from both the learner side and the grading engine: the book's page helpers
(:mod:`.book`) and the benchmarks' measurements (:mod:`.measure`)."""
