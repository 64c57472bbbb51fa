# syntax=docker/dockerfile:1
# MiniCollector container image: the trimmed, self-contained single-file executable on the runtime-deps base (no
# .NET runtime inside), running as the base image's non-root user "app" (uid 1654).
#
#   docker build -t minicollector .
#   docker run --rm -p 4317:4317 -p 4318:4318 -p 8889:8889 minicollector
#
# Your own config: -v ./my-config.yaml:/etc/minicollector/config.yaml:ro
# scripts/image-acceptance.sh checks everything this file relies on without a Docker engine.

ARG DOTNET_VERSION=10.0

# The build runs on the builder's own platform and cross-publishes for the target: a trimmed single-file publish
# needs no native toolchain for the target architecture.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
WORKDIR /source
# .dockerignore keeps the context to the sources the build needs.
COPY . .
RUN --mount=type=cache,id=minicollector-nuget,target=/root/.nuget/packages \
    case "${TARGETARCH:-amd64}" in \
      amd64) rid=linux-x64 ;; \
      arm64) rid=linux-arm64 ;; \
      *) echo "unsupported TARGETARCH \"${TARGETARCH}\" (amd64 or arm64)" >&2; exit 1 ;; \
    esac \
    && bash scripts/publish.sh "$rid" /out

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}
ARG DOTNET_VERSION
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="MiniCollector" \
      org.opencontainers.image.description="A lightweight OpenTelemetry collector: OTLP gRPC/HTTP in; batch, memory_limiter; debug, prometheus, otlp and otlphttp out" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}"

COPY --from=build /out/minicollector /usr/local/bin/minicollector
COPY --chmod=0755 examples/image/healthcheck.sh /usr/local/bin/minicollector-healthcheck
COPY examples/image/config.yaml /etc/minicollector/config.yaml

# Relative paths in a config (an htpasswd file, TLS certificates) resolve from the working directory: the
# config's own folder.
WORKDIR /etc/minicollector
USER $APP_UID

# OTLP gRPC, OTLP HTTP, the collector's own metrics, the prometheus exporter, health_check.
EXPOSE 4317 4318 8888 8889 13133

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/usr/local/bin/minicollector-healthcheck"]

ENTRYPOINT ["/usr/local/bin/minicollector"]
CMD ["--config", "/etc/minicollector/config.yaml"]
