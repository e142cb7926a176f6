"""Pure business rules: states, transitions, permissions, deadlines. No I/O, no clock."""
