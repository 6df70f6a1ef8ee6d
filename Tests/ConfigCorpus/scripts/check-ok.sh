#!/bin/sh
# Health-check stand-in used by the config corpus: always reports healthy.
exit 0
