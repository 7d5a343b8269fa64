"""What a department runs (deploy/): the files parse and say what a lecture hall needs. No Docker engine or
cluster here, so the Dockerfile, compose file and manifests are read, not run; HAProxy's own checker
(`haproxy -c`) validates its configuration for real, as written and as the local launcher renders it."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from deploy.local import HAPROXY, render

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
HEALTH = "/_stcore/health"


def need_haproxy():
    if os.access(HAPROXY, os.X_OK):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {HAPROXY} is missing: .ci/run must apt-get install haproxy")
    pytest.skip(f"{HAPROXY} not found (apt-get install haproxy)")


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text())
    return [(w.upper(), rest.strip()) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
            for w, _, rest in [line.strip().partition(" ")]]


def test_the_dockerfile_builds_a_slim_non_root_replica_that_reports_its_health():
    ins = dockerfile()
    kinds = [k for k, _ in ins]
    assert kinds[0] == "FROM" and re.fullmatch(r"python:3\.1[12]-slim", ins[0][1])
    assert any(k == "COPY" and a.split()[0] == "requirements.txt" for k, a in ins)
    assert any(k == "RUN" and "pip install -r requirements.txt" in a for k, a in ins)
    user = [a for k, a in ins if k == "USER"]
    assert user and user[-1] not in ("root", "0") and kinds.index("USER") < kinds.index("CMD")
    health = next(a for k, a in ins if k == "HEALTHCHECK")
    assert HEALTH in health and ":8501" in health
    cmd = yaml.safe_load(next(a for k, a in ins if k == "CMD"))   # the exec form is a JSON list
    assert cmd[:3] == ["streamlit", "run", "app.py"]
    flags = dict(f.removeprefix("--").split("=", 1) for f in cmd[3:])
    assert flags["server.address"] == "0.0.0.0" and flags["server.port"] == "8501"
    assert flags["server.headless"] == "true"
    # one origin through the balancer: the protections stay on
    assert flags["server.enableCORS"] == "true" and flags["server.enableXsrfProtection"] == "true"
    assert "tests" in (DEPLOY / "Dockerfile.dockerignore").read_text().split()


def test_compose_runs_haproxy_replicas_and_one_postgresql():
    spec = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    svc = spec["services"]
    assert {"haproxy", "app", "db"} <= set(svc)
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in svc["haproxy"]["volumes"]
    assert svc["app"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert svc["app"]["deploy"]["replicas"] >= 2
    db_url = svc["app"]["environment"]["CLASSROOM_DB"]
    assert db_url.startswith("postgresql://") and "@db:5432/" in db_url
    assert svc["db"]["image"].startswith("postgres:") and "pg_isready" in str(svc["db"]["healthcheck"]["test"])
    assert svc["app"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert not svc["app"].get("ports"), "replicas are reached through HAProxy only"
    # HAProxy finds the replicas by the service's name (server-template app ... app:8501)
    assert re.search(r"^\s*server-template app \d+ app:8501\b", (DEPLOY / "haproxy.cfg").read_text(), re.M)


def manifests() -> dict[str, dict]:
    docs = [d for f in sorted((DEPLOY / "k8s").glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]
    return {d["kind"]: d for d in docs}


def test_the_kubernetes_manifests_probe_health_pin_by_cookie_and_read_the_db_from_a_secret():
    m = manifests()
    assert {"Deployment", "Service", "Ingress", "Secret"} <= set(m)
    dep = m["Deployment"]["spec"]
    assert dep["replicas"] >= 2
    pod = dep["template"]["spec"]
    app = pod["containers"][0]
    assert app["readinessProbe"]["httpGet"]["path"] == HEALTH
    assert pod["securityContext"]["runAsNonRoot"] is True
    env = {e["name"]: e for e in app["env"]}
    ref = env["CLASSROOM_DB"]["valueFrom"]["secretKeyRef"]
    assert ref["name"] == m["Secret"]["metadata"]["name"] and ref["key"] in m["Secret"]["stringData"]
    assert m["Secret"]["stringData"]["CLASSROOM_DB"].startswith("postgresql://")
    labels = dep["template"]["metadata"]["labels"]
    assert m["Service"]["spec"]["selector"] == labels == dep["selector"]["matchLabels"]
    ann = m["Ingress"]["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(ann["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600   # websockets live long
    backend = m["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == m["Service"]["metadata"]["name"]


def haproxy_check(cfg: Path) -> subprocess.CompletedProcess:
    return subprocess.run([HAPROXY, "-c", "-f", str(cfg)], capture_output=True, text=True, timeout=30)


def test_the_haproxy_configuration_is_valid_and_sticky():
    need_haproxy()
    run = haproxy_check(DEPLOY / "haproxy.cfg")
    assert run.returncode == 0, run.stdout + run.stderr
    text = (DEPLOY / "haproxy.cfg").read_text()
    lines = {ln.split("#")[0].strip() for ln in text.splitlines()}
    assert f"option httpchk GET {HEALTH}" in lines and "http-check expect string ok" in lines
    assert any(ln.startswith("cookie REPLICA insert") for ln in lines)
    assert any(ln.startswith("option redispatch") for ln in lines)
    tunnel = next(ln for ln in lines if ln.startswith("timeout tunnel"))
    assert tunnel.endswith("h")   # hours: a websocket lives as long as the lecture
    default_server = shlex.split(next(ln for ln in lines if ln.startswith("default-server")))
    assert "check" in default_server and "fall" in default_server


def test_the_launcher_renders_the_same_configuration_for_local_replicas(tmp_path):
    need_haproxy()
    text = (DEPLOY / "haproxy.cfg").read_text()
    out = render(text, [("r1", 40001), ("r2", 40002)], "127.0.0.1:40000", str(tmp_path / "s.sock"))
    assert "    server r1 127.0.0.1:40001 cookie r1" in out and "    server r2 127.0.0.1:40002 cookie r2" in out
    code = "\n".join(ln.split("#")[0] for ln in out.splitlines())
    assert "server-template" not in code and "resolvers" not in code and "bind 127.0.0.1:40000" in code
    kept = [ln for ln in text.splitlines() if not re.match(r"\s*(bind|server-template)\b", ln)]
    head = kept[:kept.index("resolvers docker")]
    assert all(ln in out.splitlines() for ln in head), "everything else is the repository's configuration"
    (tmp_path / "h.cfg").write_text(out)
    run = haproxy_check(tmp_path / "h.cfg")
    assert run.returncode == 0, run.stdout + run.stderr
