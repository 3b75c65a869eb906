#!/bin/sh
# Installs what amicpp's build, tests, examples and CI need on Debian bookworm (or Ubuntu):
# compilers, CMake + Ninja, standalone Asio, Catch2, OpenSSL, pkg-config and Doxygen.
# Does nothing when everything is already there; uses sudo only when not root.
set -eu

packages="cmake ninja-build g++ clang libclang-rt-14-dev libasio-dev catch2 libssl-dev pkg-config doxygen"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    run=""
else
    run="sudo"
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq
# shellcheck disable=SC2086
$run apt-get install -y -qq --no-install-recommends $missing
