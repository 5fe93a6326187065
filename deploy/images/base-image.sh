#!/usr/bin/env bash
# Builds the services' base image, a small Debian bookworm with the OpenJDK 17 JRE (headless) and
# a non-root user "ringback" (uid/gid 185), as a docker-archive tarball that Jib takes with
# `tar://`. Only Debian's package mirror is needed: no registry, no Docker engine.
# Needs root (debootstrap). Usage: deploy/images/base-image.sh <output.tar>
set -euo pipefail
out=${1:?usage: base-image.sh <output.tar>}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
command -v debootstrap >/dev/null || { echo "base-image.sh needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "base-image.sh needs root (debootstrap)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
echo "== debootstrap $suite with openjdk-17-jre-headless (a few minutes)" >&2
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  --components=main "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# What a JVM service never needs at run time.
rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*
echo 'ringback:x:185:185:ringback:/home/ringback:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
echo 'ringback:x:185:' >>"$rootfs/etc/group"
install -d -o 185 -g 185 "$rootfs/home/ringback"

# One layer, reproducible: sorted names, fixed times, numeric owners.
mkdir -p "$work/image"
tar --sort=name --mtime=@0 --numeric-owner -C "$rootfs" -cf "$work/image/layer.tar" .
diff_id=sha256:$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
java_home=/usr/lib/jvm/java-17-openjdk-amd64
cat >"$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"185","WorkingDir":"/home/ringback",
   "Env":["PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],
   "Labels":{"org.opencontainers.image.title":"ringback-base-jre17","org.opencontainers.image.base.name":"debian:$suite"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/base-image.sh"}]}
JSON
config_id=$(sha256sum "$work/image/config.json" | cut -d' ' -f1)
mv "$work/image/config.json" "$work/image/$config_id.json"
cat >"$work/image/manifest.json" <<JSON
[{"Config":"$config_id.json","RepoTags":["ringback/base-jre17:$suite"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar --mtime=@0 --numeric-owner -C "$work/image" -cf "$out" manifest.json "$config_id.json" layer.tar
echo "== wrote $out ($(du -h "$out" | cut -f1))" >&2
