"""How long the local platform's data takes to keep and to bring back: ``python -m bench.local_restart``.

An embedded moto with every service's resources (as ``make dev`` creates them) and ``--items`` items in a table, a
snapshot saved to a data folder, then restored by a fresh process (as a restart does: its imports are part of it).
Prints the snapshot's size, the save time and the restore time."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _moto(folder: Path, *, restore: bool) -> tuple[object, object, float]:
    from local_platform.moto_server import MotoServer
    from local_platform.persistence import DataFolder

    data = DataFolder(folder, print)
    started = time.perf_counter()
    server = MotoServer("127.0.0.1", 0)
    if restore:
        assert data.restore() is not None, "nothing restored"
    return server.start(), data, time.perf_counter() - started


def fill(folder: Path, items: int) -> dict[str, float]:
    os.environ.update(AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local", AWS_DEFAULT_REGION="us-east-1")
    server, data, _ = _moto(folder, restore=False)
    os.environ["AWS_ENDPOINT_URL"] = server.url  # type: ignore[attr-defined]
    from design_agent.clients import AwsClients

    from functions.registry import SERVICES
    from local_platform.resources import create_all

    clients = AwsClients()
    env = create_all(clients, SERVICES, "bench")
    table = next(value for name, value in sorted(env.items()) if name.endswith("_TABLE"))
    dynamodb = clients.dynamodb()
    key = dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]
    for start in range(0, items, 25):
        dynamodb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {
            **{k["AttributeName"]: {"S": f"item#{n:06d}"} for k in key}, "body": {"S": "x" * 200}}}}
            for n in range(start, min(items, start + 25))]})
    started = time.perf_counter()
    data.save(server.app.exclusive, {})  # type: ignore[attr-defined]
    return {"save_s": time.perf_counter() - started, "table_items": items}


def restore(folder: Path) -> dict[str, float]:
    _, _, seconds = _moto(folder, restore=True)
    return {"restore_s": seconds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.local_restart")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--step", choices=("fill", "restore"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args(argv)
    if args.step == "fill":
        print(json.dumps(fill(args.folder, args.items)))
        return
    if args.step == "restore":
        print(json.dumps(restore(args.folder)))
        return
    with tempfile.TemporaryDirectory() as folder:
        run = [sys.executable, "-m", "bench.local_restart", "--folder", folder, "--items", str(args.items)]
        filled = json.loads(subprocess.run([*run, "--step", "fill"], cwd=ROOT, check=True, capture_output=True,
                                           text=True).stdout.splitlines()[-1])
        size = (Path(folder) / "emulator.pickle").stat().st_size
        started = time.perf_counter()
        restored = json.loads(subprocess.run([*run, "--step", "restore"], cwd=ROOT, check=True, capture_output=True,
                                             text=True).stdout.splitlines()[-1])
        process_s = time.perf_counter() - started
    print(f"local data, {args.items} items: snapshot {size / 2**20:.1f} MB, saved in {filled['save_s']:.2f} s, "
          f"restored in {restored['restore_s']:.2f} s (a fresh process with its imports: {process_s:.2f} s)")


if __name__ == "__main__":
    main()
