"""Statistics: counts in SQL, dashboard figures, protected tables and the anonymised export."""
