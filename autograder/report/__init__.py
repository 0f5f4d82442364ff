"""The class report for the instructor: what the class got wrong, and submissions that look
alike."""
