print("vrrp")
