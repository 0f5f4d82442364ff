import sys

from autograder.cli.main import main

if __name__ == "__main__":  # grading workers are spawned processes that import this module again
    sys.exit(main())
