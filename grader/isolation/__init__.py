"""Run student code in a child process and talk to it with plain data only."""
