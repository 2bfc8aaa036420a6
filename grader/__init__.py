"""The autograder: discover a submission, run it in isolation, check, report."""
