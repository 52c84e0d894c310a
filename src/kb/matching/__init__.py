"""Matching: a company's need to programs, experts and courses; a school's to partners."""
