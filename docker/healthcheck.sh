#!/bin/bash
# Container health: GET /health/ready answers 200 only once Flyway has migrated and PostgreSQL
# answers. Plain bash (/dev/tcp): the payara/micro image has no curl or wget.
exec 3<>"/dev/tcp/127.0.0.1/${WORKFLOW_HTTP_PORT:-8080}" 2>/dev/null || exit 1
printf 'GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 10 status <&3 || exit 1
exec 3>&-
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
