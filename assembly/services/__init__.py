"""Use cases: they take a session, an actor and `now`, flush, and never commit."""
