from tests.unit.aws import sandbox, shared_sandbox

__all__ = ["sandbox", "shared_sandbox"]
