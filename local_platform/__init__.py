"""The local runtime: the whole platform on 127.0.0.1 with no AWS account (see README)."""
