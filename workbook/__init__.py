"""Shared infrastructure for the workbook: data sets and paths."""
