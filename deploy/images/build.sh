#!/usr/bin/env bash
# Builds the five services' OCI images with Jib, without a Docker engine or a registry, as
# image tarballs (docker-archive format: `docker load -i`, `podman load -i`, `skopeo copy
# docker-archive:...`, `crane push` all take them) in target/images/:
#   ghcr.io_ringback_ringback-<service>_<version>.tar  tagged ghcr.io/ringback/ringback-<service>:<version>
# The base image (Debian bookworm + OpenJDK 17 JRE, non-root uid 185) is made once from Debian's
# packages by base-image.sh (needs root and debootstrap) and reused; or name your own with
# RINGBACK_BASE_IMAGE (a `tar://` docker-archive, or a registry reference you can pull).
# Usage: deploy/images/build.sh [service ...]    (default: all five)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
services=("$@")
((${#services[@]})) || services=(accounts rating media cdr signaling)
export RINGBACK_IMAGE_DIR=${RINGBACK_IMAGE_DIR:-$top/target/images}
mkdir -p "$RINGBACK_IMAGE_DIR"

base=${RINGBACK_BASE_IMAGE:-}
if [ -z "$base" ]; then
  base_tar=$RINGBACK_IMAGE_DIR/base-jre17.tar
  [ -f "$base_tar" ] || "$here/base-image.sh" "$base_tar"
  base=tar://$base_tar
fi

modules=$(printf 'services/%s,' "${services[@]}")
cd "$top"
./mvnw -B -ntp package -DskipTests -pl "${modules%,}" -am \
  -Dquarkus.container-image.build=true \
  -Dquarkus.jib.base-jvm-image="$base" \
  -Dquarkus.jib.docker-executable-name="$here/docker-load-to-file" \
  -Dquarkus.container-image.labels.\"org.opencontainers.image.revision\"="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
ls -l "$RINGBACK_IMAGE_DIR"/ghcr.io_ringback_*.tar
