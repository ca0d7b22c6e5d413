"""make load, make soak and make capacity: simulated users, the invariants they must keep, faults, cost."""
