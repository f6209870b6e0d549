"""Qt item models over service DTOs; they hold rows, never ORM objects."""
