"""The command line, ``python -m autograder VERB``: :mod:`.main` parses and forwards, one module
per verb.
"""
