"""What a department runs to serve a lecture hall: deploy/Dockerfile, deploy/haproxy.cfg, deploy/compose.yaml,
deploy/k8s/, and `python -m deploy.local` (N replicas + HAProxy + PostgreSQL on one machine). docs/serving.md: "Serving
a lecture hall"."""
