"""Use cases: one function per business action, each taking a unit of work, an actor and ``now``."""
