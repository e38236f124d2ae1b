"""The container path without a Docker engine: each image's dependency set (the Dockerfile's
`uv sync --package`) installed into an environment of its own, and the Dockerfile's exact start
command run in it until the service serves /healthz and /readyz; the compose file wires what the
images need. (No engine here: the images themselves are not built; README says so.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from disclosure_shared.testing.prometheus import http_get
from disclosure_shared.testing.services import REPO
from disclosure_shared.testing.workers import free_port

SERVICES = ["ingest", "parse", "validate", "store", "crawl"]
DOCKERFILES = {svc: REPO / "services" / svc / "Dockerfile" for svc in SERVICES} | {
    "cli": REPO / "cli" / "Dockerfile"
}


def package_of(dockerfile: Path) -> str:
    [package] = set(re.findall(r"--package (disclosure-[a-z]+)", dockerfile.read_text()))
    return package


def instruction(dockerfile: Path, name: str) -> list[str]:
    """The exec-form JSON array of the Dockerfile's last `name` instruction (CMD, ENTRYPOINT)."""
    [*_, last] = re.findall(rf"^{name} (\[.*\])$", dockerfile.read_text(), re.MULTILINE)
    command: list[str] = json.loads(last)
    return command


def test_every_dockerfile_starts_its_service_with_python_m_and_compiles_bytecode() -> None:
    for svc in SERVICES:
        text = DOCKERFILES[svc].read_text()
        assert instruction(DOCKERFILES[svc], "CMD") == ["python", "-m", f"disclosure_{svc}"]
        assert "UV_COMPILE_BYTECODE=1" in text and "HEALTHCHECK" in text and "EXPOSE 9400" in text
        assert package_of(DOCKERFILES[svc]) == f"disclosure-{svc}"
    assert instruction(DOCKERFILES["cli"], "ENTRYPOINT") == ["disclosures"]
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {".git", "**/.venv", "**/tests"} <= set(ignored)


def test_compose_publishes_ops_ports_checks_readiness_and_carries_the_cli() -> None:
    compose = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text())["services"]
    for svc in SERVICES:
        service = compose[svc]
        assert any(p.endswith(":9400") for p in service["ports"]), svc
        assert "/readyz" in " ".join(service["healthcheck"]["test"])
        assert service["environment"]["DISCLOSURE_OPS__HOST"] == "0.0.0.0"
    assert compose["cli"]["build"]["dockerfile"] == "cli/Dockerfile"
    assert set(json.loads(compose["cli"]["environment"]["DISCLOSURE_OPS__SERVICES"])) == set(SERVICES)
    assert "./prometheus:/etc/prometheus:ro" in compose["prometheus"]["volumes"]
    assert any("dashboards" in v for v in compose["grafana"]["volumes"])


@pytest.fixture(scope="module")
def image_envs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One virtual environment per image, with exactly its Dockerfile's package set (not editable)."""
    uv = shutil.which("uv")
    assert uv, "uv is needed (scripts/bootstrap.sh installs it)"
    root = tmp_path_factory.mktemp("images")
    envs = {}
    for name, dockerfile in DOCKERFILES.items():
        env_dir = root / name
        synced = subprocess.run(
            [uv, "sync", "--frozen", "--no-dev", "--no-editable", "--package", package_of(dockerfile)],
            cwd=REPO,
            env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(env_dir), "UV_COMPILE_BYTECODE": "0"},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert synced.returncode == 0, synced.stderr[-3000:]
        envs[name] = env_dir
    return envs


def image_environ(env_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    """The image's environment: its venv first on PATH, nothing of the workspace's."""
    base = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**base, **extra, "PATH": f"{env_dir / 'bin'}:{base.get('PATH', '')}", "PYTHONUNBUFFERED": "1"}


@pytest.mark.integration
@pytest.mark.parametrize("svc", SERVICES)
def test_the_image_start_command_serves_health_and_readiness(
    svc: str, image_envs: dict[str, Path], pipeline_env: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    env = image_environ(image_envs[svc], {**pipeline_env, "DISCLOSURE_OPS__PORT": str(port)})
    command = instruction(DOCKERFILES[svc], "CMD")
    # The workspace's own sources must not leak in: the command runs from an empty directory.
    log = (tmp_path / f"{svc}.log").open("wb")
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        answers: dict[str, int] = {}
        while time.monotonic() < deadline and answers.get("/readyz") != 200:
            assert process.poll() is None, (tmp_path / f"{svc}.log").read_text()[-3000:]
            for path in ("/healthz", "/readyz"):
                try:
                    answers[path] = http_get(f"http://127.0.0.1:{port}{path}", 3)[0]
                except OSError:
                    pass
            time.sleep(0.3)
        assert answers == {"/healthz": 200, "/readyz": 200}, (tmp_path / f"{svc}.log").read_text()[-3000:]
        module = subprocess.run(
            ["python", "-c", f"import disclosure_{svc}; print(disclosure_{svc}.__file__)"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert str(image_envs[svc]) in module.stdout  # installed into the image env, not the workspace
    finally:
        process.terminate()
        process.wait(30)
        log.close()


def test_the_cli_image_runs_disclosures(image_envs: dict[str, Path]) -> None:
    env = image_environ(image_envs["cli"], {})
    result = subprocess.run(
        [*instruction(DOCKERFILES["cli"], "ENTRYPOINT"), "--help"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0 and "dlq" in result.stdout and "reprocess" in result.stdout
