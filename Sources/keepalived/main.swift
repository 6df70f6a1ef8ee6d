print("keepalived")
