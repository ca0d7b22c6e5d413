"""Create the first administrator of a deployed stage (or of a running local platform).

    python -m scripts.create_admin --stage dev --email you@example.com [--username you]

Invokes the stage's ``users`` ``CreateAdmin`` function with your AWS credentials; prints the generated
password once. Idempotent: an existing account with that email is left as it is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "layers" / "shared" / "python")]

from design_agent.contracts.users import CreateAdminRequest, UsersClient  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stage", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--username", default=None)
    args = parser.parse_args(argv)
    username = args.username or args.email.split("@")[0]
    result = UsersClient(args.stage).create_admin(CreateAdminRequest(email=args.email, username=username))
    if not result.created:
        print(f"{result.email} already exists ({result.user_id}); nothing changed")
    else:
        print(f"created administrator {result.email} ({result.user_id})")
        print(f"password (shown once): {result.password}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
