#!/bin/sh
# Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
# tools/compile_time.sh [options]: runs tools/compile_time.py (see it, or --help).
exec python3 "$(dirname "$0")/compile_time.py" "$@"
