"""The stacks: one platform stack, one stack per service, one API stack."""
