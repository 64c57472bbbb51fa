# syntax=docker/dockerfile:1
# MiniCollector container image: the NativeAOT executable (no .NET runtime, no JIT) on the chiseled Ubuntu
# runtime-deps base (glibc, OpenSSL, CA certificates; no shell, no package manager), running as the base image's
# non-root user "app" (uid 1654).
#
#   docker build -t minicollector .
#   docker run --rm -p 4317:4317 -p 4318:4318 -p 8889:8889 minicollector
#
# Your own config: -v ./my-config.yaml:/etc/minicollector/config.yaml:ro
# scripts/image-acceptance.sh checks everything this file relies on without a Docker engine;
# scripts/container-acceptance.sh builds the final stage with a real Docker engine and runs the container.
#
# Without a registry (the final stage on a local base, from an executable scripts/publish.sh already made, in a
# context holding minicollector and examples/image/config.yaml; scripts/container-acceptance.sh does all of it):
#   docker build --build-arg RUNTIME_IMAGE=my-local-base --build-arg EXECUTABLE=prebuilt -t minicollector CONTEXT

ARG DOTNET_VERSION=10.0
# The build stage and the final stage are the same Ubuntu release: a NativeAOT executable needs a glibc at least
# as new as the one it was linked against. A base of your own must keep that true, and provide what the chiseled
# base does: glibc, libstdc++, OpenSSL, CA certificates, the user "app" (uid/gid 1654) and ENV APP_UID.
ARG UBUNTU=noble
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-${UBUNTU}
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-${UBUNTU}-chiseled
# Where the executable comes from: "build" publishes it from the sources in the stage below; "prebuilt" takes
# the file minicollector at the root of the build context (published by scripts/publish.sh for the target
# platform, against a glibc no newer than the base's). BuildKit builds only the stage named here.
ARG EXECUTABLE=build

# The build runs on the builder's own platform and publishes for the target with scripts/publish.sh. An arm64 image
# built on an x64 builder is cross-compiled, which needs the aarch64 cross packages the script names; this stage
# installs only the native toolchain so far.
FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS build
ARG TARGETARCH
# NativeAOT links with the platform toolchain.
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
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

FROM scratch AS prebuilt
COPY minicollector /out/minicollector

FROM ${EXECUTABLE} AS executable

# The executable links only libc and libm (zlib and brotli are compiled in); OpenSSL is loaded for TLS. The
# chiseled base has both, its user "app" (uid 1654) and no shell: the HEALTHCHECK is the executable itself.
FROM ${RUNTIME_IMAGE}
ARG RUNTIME_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="MiniCollector" \
      org.opencontainers.image.description="A lightweight OpenTelemetry collector: OTLP gRPC/HTTP in; batch, memory_limiter; debug, prometheus, otlp and otlphttp out" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"

COPY --from=executable /out/minicollector /usr/local/bin/minicollector
COPY examples/image/config.yaml /etc/minicollector/config.yaml

# Relative paths in a config (an htpasswd file, TLS certificates) resolve from the working directory: the
# config's own folder.
WORKDIR /etc/minicollector
USER $APP_UID

# OTLP gRPC, OTLP HTTP, the collector's own metrics, the prometheus exporter, health_check.
EXPOSE 4317 4318 8888 8889 13133

# Asks health_check on 127.0.0.1:13133 (MINICOLLECTOR_HEALTH_PORT / MINICOLLECTOR_HEALTH_PATH move it); healthy on 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/usr/local/bin/minicollector", "healthcheck"]

ENTRYPOINT ["/usr/local/bin/minicollector"]
CMD ["--config", "/etc/minicollector/config.yaml"]
