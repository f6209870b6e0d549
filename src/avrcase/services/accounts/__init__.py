"""Staff accounts: users and roles, passwords and sign-in, encryption of the store at rest."""
