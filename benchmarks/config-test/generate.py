#!/usr/bin/env python3
"""Writes a keepalived.conf with V virtual servers x R real servers (documentation addresses).

Every virtual server has a mix of checkers so that the parser exercises every common path.
"""
import argparse


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--virtual-servers", type=int, default=1000)
    ap.add_argument("--real-servers", type=int, default=10)
    ap.add_argument("output")
    a = ap.parse_args()
    out = []
    out.append("global_defs {\n    router_id bench\n}\n")
    for v in range(a.virtual_servers):
        # 203.0.113.0/24 x ports: unique (address, port) pairs.
        vip = f"203.0.113.{v % 250 + 1}"
        port = 1000 + v // 250
        out.append(f"virtual_server {vip} {port} {{\n")
        out.append("    delay_loop 10\n    lb_algo wrr\n    lb_kind NAT\n    protocol TCP\n")
        for r in range(a.real_servers):
            rip = f"198.51.100.{r + 1}"
            out.append(f"    real_server {rip} {8000 + v % 1000} {{\n        weight {r % 5 + 1}\n")
            if r % 2 == 0:
                out.append("        TCP_CHECK {\n            connect_timeout 3\n        }\n")
            else:
                out.append("        HTTP_GET {\n            url {\n                path /healthz\n"
                           "                status_code 200\n            }\n            connect_timeout 3\n"
                           "            retry 2\n            delay_before_retry 1\n        }\n")
            out.append("    }\n")
        out.append("}\n")
    with open(a.output, "w") as f:
        f.write("".join(out))


if __name__ == "__main__":
    main()
