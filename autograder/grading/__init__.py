"""Grading a class with nbgrader: the course on disk, the nbgrader configuration and its Execute
step, the gradebook and its queries, each student's result, the batch, its workers and its
shards, self-study.
"""
