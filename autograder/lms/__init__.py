"""What talks to a learning-management system: the downloads it produces, its rosters, and the grade
files it imports.
"""
