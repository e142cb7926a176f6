"""``hotline serve`` as the README starts it, on a fresh database and a free loopback port.

The user and API token are made with the CLI (``hotline create-user`` / ``hotline create-token``),
exactly as an operator would, before the server starts.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.common import CACHE_DIR, REPO, VENV_BIN, cpu_seconds, free_port, say, wait_for_port

PASSWORD = "bench-password-2026"
START_TIMEOUT = 60.0
CLI_TIMEOUT = 120.0


@dataclass(frozen=True)
class RunningServer:
    port: int
    token: str
    proc: subprocess.Popen[bytes]
    workdir: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)


def _env(database_url: str, workdir: Path, models_dir: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(HOTLINE_DATABASE_URL=database_url, HOTLINE_ATTACHMENT_DIR=str(workdir / "attachments"),
               HOTLINE_ENV="development", HOTLINE_MODELS_DIR=str(models_dir or workdir / "models"))
    return env


def trained_models() -> Path:
    """Models trained on ../shared/data once (``hotline train``) and reused: registrations are measured
    with every suggestion a centre gets, models included. Without the data folder: rules only."""
    data = REPO.parent / "shared" / "data"
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted((REPO / "src/hotline/nlp").glob("*.py"))))
    models = CACHE_DIR / f"models-{code.hexdigest()[:12]}"  # retrained when the model code changes
    if data.is_dir() and not (models / "topic-level1" / "latest").is_file():
        say(f"training the text models once into {models} …")
        subprocess.run([str(VENV_BIN / "hotline"), "train", "--data", str(data), "--models", str(models),
                        "--no-history"], check=True, capture_output=True, timeout=900)
    return models


def _cli(args: list[str], env: dict[str, str], workdir: Path, stdin: str | None = None) -> str:
    result = subprocess.run([str(VENV_BIN / "hotline"), *args], input=stdin.encode() if stdin else None,
                            capture_output=True, env=env, cwd=workdir, timeout=CLI_TIMEOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"hotline {' '.join(args)} failed: {result.stderr.decode(errors='replace')[-2000:]}")
    return result.stdout.decode()


@contextmanager
def hotline_server(database_url: str | None = None, *, workers: int = 1,
                   models_dir: Path | None = None) -> Iterator[RunningServer]:
    """Yield a running server on ``database_url`` (default: a new SQLite file in a temp dir); stop it after."""
    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as tmp:
        workdir = Path(tmp)
        url = database_url or f"sqlite:///{workdir / 'bench.db'}"
        env = _env(url, workdir, models_dir)
        user = f"bench-{secrets.token_hex(4)}"  # unique: an external PostgreSQL database is reused
        _cli(["create-user", user, "--role", "agent"], env, workdir, stdin=PASSWORD + "\n")
        token = _cli(["create-token", user], env, workdir).strip().splitlines()[-1]
        port = free_port()
        log = (workdir / "server.log").open("wb")
        args = [str(VENV_BIN / "hotline"), "serve", "--port", str(port)]
        args += ["--workers", str(workers)]
        proc = subprocess.Popen(args, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            wait_for_port(port, timeout=START_TIMEOUT, proc=proc)
            yield RunningServer(port=port, token=token, proc=proc, workdir=workdir)
        except Exception:
            log.flush()
            say((workdir / "server.log").read_text(errors="replace")[-3000:])
            raise
        finally:
            _stop(proc)
            log.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (uvicorn and, with --workers, its children), then SIGKILL."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
