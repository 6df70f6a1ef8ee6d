// VRRP
