"""``make test-localstack``: the integration suite with S3, SQS, EventBridge, Secrets Manager, SSM and SES on
LocalStack, started here on loopback in host mode (no Docker) from its own venv.

DynamoDB and its streams stay on the platform's embedded moto (LocalStack's DynamoDB downloads a Java runtime at
start, which cannot happen offline): the platform runs split, ``AWS_ENDPOINT_URL`` at LocalStack and
``AWS_ENDPOINT_URL_DYNAMODB``/``_DYNAMODB_STREAMS`` at moto. The tests marked ``real_s3`` (POST policies, signatures
and expiry, which moto ignores) run here and only here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("s3", "sqs", "events", "secretsmanager", "ssm", "ses", "sts")
HOST_ENTRY = ROOT / "scripts" / "localstack_host.py"  # LocalStack's own entry point, with one S3 fix
KEPT_LOG = ROOT / "build" / "localstack.log"  # the last run's LocalStack log
READY = {"available", "running"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def localstack_environment(port: int, root: str) -> dict[str, str]:
    return {**os.environ,
            "OVERRIDE_IN_DOCKER": "0",  # host mode: no container around it
            "GATEWAY_LISTEN": f"127.0.0.1:{port}",
            "FILESYSTEM_ROOT": root,  # its state, gone with the run
            "DNS_ADDRESS": "0",  # no DNS server of its own
            "SERVICES": ",".join(SERVICES),
            "S3_SKIP_SIGNATURE_VALIDATION": "0",  # check SigV4 signatures of presigned requests, as S3 does
            "DISABLE_EVENTS": "1", "SKIP_SSL_CERT_DOWNLOAD": "1"}  # no analytics, no certificate download


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise SystemExit(f"LocalStack exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_localstack/health", timeout=2) as answer:  # noqa: S310
                states = json.loads(answer.read())["services"]
            if all(states.get(name) in READY for name in SERVICES):
                return
        except (urllib.error.URLError, OSError, ValueError, KeyError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"LocalStack not healthy in {timeout_s:.0f} s:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.test_localstack", description=__doc__)
    parser.add_argument("--localstack-python", default=str(ROOT / ".venv-localstack" / "bin" / "python"))
    parser.add_argument("pytest_args", nargs="*", default=["tests/integration"])
    args, extra = parser.parse_known_args(argv)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="localstack-") as root:
        log = Path(root) / "localstack.log"
        with log.open("wb") as out:
            localstack = subprocess.Popen([args.localstack_python, str(HOST_ENTRY)],  # noqa: S603
                                          env=localstack_environment(port, str(Path(root) / "fs")), stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_healthy(url, localstack, log)
            print(f"LocalStack ready at {url} ({', '.join(SERVICES)}); DynamoDB and its streams on the embedded moto",
                  flush=True)
            env = {**os.environ, "DESIGN_AGENT_BACKEND": "localstack", "LOCALSTACK_ENDPOINT": url,
                   "LOCALSTACK_PYTHON": args.localstack_python}  # for the tests of localstack_host.py's fix
            return subprocess.run([sys.executable, "-m", "pytest", "-q", *args.pytest_args, *extra],  # noqa: S603
                                  cwd=ROOT, env=env, check=False).returncode
        finally:
            os.killpg(localstack.pid, signal.SIGTERM)  # its own process group: LocalStack and what it started
            try:
                localstack.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(localstack.pid, signal.SIGKILL)
                localstack.wait()
            KEPT_LOG.parent.mkdir(exist_ok=True)
            shutil.copyfile(log, KEPT_LOG)  # its state goes with the run; its log stays for a look afterwards


if __name__ == "__main__":
    raise SystemExit(main())
