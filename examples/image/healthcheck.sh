#!/bin/bash
# The image's HEALTHCHECK: asks the health_check extension for its status with bash alone, because the runtime-deps
# base image has neither curl nor wget. Healthy only on "200" (the extension answers 503 while starting and from
# the start of a shutdown). A config that moves the extension sets MINICOLLECTOR_HEALTH_PORT / _PATH.
set -u
port=${MINICOLLECTOR_HEALTH_PORT:-13133}
path=${MINICOLLECTOR_HEALTH_PATH:-/}

exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
# The status line alone decides: "HTTP/1.1 200 OK".
IFS=' ' read -r -t 5 _ status _ <&3 || exit 1
[[ $status == 200 ]]
