#!/bin/sh
# MISC_CHECK stand-in used by the config corpus: healthy unless told "down".
[ "${1:-up}" != down ]
