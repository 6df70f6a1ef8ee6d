#!/bin/sh
# Notification hook for the VRRP samples.
# keepalived calls a generic "notify" script as:  notify.sh TYPE NAME STATE PRIORITY
# (TYPE is INSTANCE or GROUP); the per-state hooks get whatever arguments the config gives.
# This stand-in only writes one line to syslog so transitions can be followed with journalctl.
logger -t keepalived-sample-notify -- "$*"
exit 0
