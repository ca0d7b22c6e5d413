"""Request/response models of internal operations: the contract both sides import."""
