"""Demo data: a fictional province, bloc or country with members and their histories."""
