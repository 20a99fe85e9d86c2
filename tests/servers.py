"""Real servers that a test starts on loopback and stops: Redis (Debian's redis-server), an
S3-compatible object store (moto in server mode) and the app itself (gunicorn).

Each listens on a free port of 127.0.0.1 and keeps its files in a temporary folder, so parallel
test workers and other checkouts never meet.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
S3_KEY_ID = "tousvoisins-test"
S3_SECRET = "tousvoisins-test-secret"
S3_REGION = "eu-west-3"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(ready, process, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} s'est arrêté au démarrage (code {process.returncode})")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} ne répond pas après {timeout} s")


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def redis_server(folder):
    """A Redis of its own, nothing written to disk; yields its URL."""
    port = free_port()
    command = [
        "redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
        "--save", "", "--appendonly", "no", "--protected-mode", "yes",
    ]  # fmt: skip
    with open(Path(folder) / "redis.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:

        def ready():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        _wait_until(ready, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


@contextmanager
def s3_server(folder, bucket):
    """moto's S3-compatible server with an empty bucket; yields its endpoint URL."""
    port = free_port()
    with open(Path(folder) / "moto.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_until(lambda: _answers(endpoint), process, "moto (S3)")
        s3_client(endpoint).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
        )
        yield endpoint
    finally:
        _stop(process)


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEY_ID,
        aws_secret_access_key=S3_SECRET,
        region_name=S3_REGION,
    )


def s3_environment(endpoint, bucket):
    """What an app server reads to keep its media in the bucket."""
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": S3_REGION,
        "AWS_ACCESS_KEY_ID": S3_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET,
    }


def database_url(db):
    """The URL of a Django DATABASES entry (the test database, for processes of their own)."""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgis://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/{db['NAME']}"


@contextmanager
def app_server(folder, env, name):
    """The site under gunicorn, as in production but over plain HTTP; yields its base URL."""
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))},
        "DJANGO_SETTINGS_MODULE": "tousvoisins.settings.local",
        "DEBUG": "false",
        "EMAIL_URL": "consolemail://",
        "CONN_MAX_AGE": "0",
        **env,
    }
    command = [
        str(BIN / "gunicorn"), "tousvoisins.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "1", "--timeout", "60", "--chdir", str(ROOT),
    ]  # fmt: skip
    with open(Path(folder) / f"{name}.log", "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until(lambda: _answers(f"{url}/sante/"), process, f"le serveur {name}", timeout=60)
        yield url
    finally:
        _stop(process)
