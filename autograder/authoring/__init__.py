"""Building the course: the student release and its translations, the learner kit, the catalogue of
mistakes, and the simulated class of the demo and the tests.
"""
