#!/bin/sh
# MISC_CHECK probe for the lvs-misc-check sample (used with misc_dynamic).
# Exit status meaning with misc_dynamic:
#   0      healthy, keep the configured weight
#   1      unhealthy, remove the real server
#   2-255  healthy, set the weight to (status - 2)
# This stand-in probes nothing: it reports healthy with weight 10 (status 12).
host=${1:-192.0.2.10}
port=${2:-80}
: "$host" "$port"
exit 12
