#!/bin/sh
# Notification stand-in used by the config corpus: accepts any arguments, does nothing.
exit 0
