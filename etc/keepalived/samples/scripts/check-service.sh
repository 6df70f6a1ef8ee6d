#!/bin/sh
# Health probe for the vrrp-track-script sample.
# Exit 0 = healthy, anything else = unhealthy. This stand-in is healthy
# unless the flag file named by $1 (default /run/sample-service-down) exists.
flag=${1:-/run/sample-service-down}
[ ! -e "$flag" ]
