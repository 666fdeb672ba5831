#!/usr/bin/env bash
# Builds the images of the three services and, with --push, pushes them.
#   deploy/container/build-images.sh [--jvm] [--push] [REGISTRY] [TAG]
# REGISTRY defaults to registry.example.com/userinfo-platform (the chart's image.registry), TAG to 0.1.0.
# CONTAINER_TOOL=podman uses Podman instead of Docker.
set -euo pipefail

variant=native
push=false
args=()
for arg in "$@"; do
  case "$arg" in
    --jvm) variant=jvm ;;
    --push) push=true ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done
registry="${args[0]:-registry.example.com/userinfo-platform}"
tag="${args[1]:-0.1.0}"
tool="${CONTAINER_TOOL:-docker}"
suffix=""
[[ "$variant" == jvm ]] && suffix="-jvm"

cd "$(dirname "$0")/../.."
for service in auth-service userinfo-service account-quota-service; do
  image="$registry/$service:$tag$suffix"
  echo "== $image"
  "$tool" build -f "deploy/container/Containerfile.$variant" --build-arg "SERVICE=$service" -t "$image" .
  if [[ "$push" == true ]]; then
    "$tool" push "$image"
  fi
done
