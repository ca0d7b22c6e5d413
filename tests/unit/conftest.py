from tests.unit.aws import sandbox

__all__ = ["sandbox"]
