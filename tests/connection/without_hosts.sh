#!/bin/sh
# without_hosts.sh PROGRAM [ARGS...]: runs PROGRAM where no name resolves, not even "localhost"
# (a private mount namespace whose /etc/hosts is empty), as in a minimal root (debootstrap's) or
# a container without /etc/hosts. Exits 77, which CTest counts as skipped, where that cannot be
# arranged (no unshare, no user namespaces, or a resolver that knows localhost anyway).
set -u
empty=$(mktemp) || exit 77
trap 'rm -f "$empty"' EXIT
if ! unshare --map-root-user --mount sh -c \
    'mount --bind "$1" /etc/hosts && ! getent hosts localhost' sh "$empty" >/dev/null 2>&1; then
    echo "without_hosts: cannot hide /etc/hosts here: skipped"
    exit 77
fi
unshare --map-root-user --mount sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
    sh "$empty" "$@"
