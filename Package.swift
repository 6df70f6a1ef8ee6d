// swift-tools-version:6.0
// swift-keepalived: keepalived (VRRP + IPVS health checking) rebuilt in Swift for Linux.
import PackageDescription

let package = Package(
    name: "swift-keepalived",
    products: [
        .executable(name: "keepalived", targets: ["keepalived"]),
        .executable(name: "keepalived-vrrp", targets: ["keepalived-vrrp"]),
        .executable(name: "keepalived-checker", targets: ["keepalived-checker"]),
    ],
    targets: [
        // ---- C: system libraries and shims ----
        .systemLibrary(
            name: "CNetlink",
            pkgConfig: "libnl-genl-3.0",
            providers: [.apt(["libnl-3-dev", "libnl-genl-3-dev", "libnl-route-3-dev"])]
        ),
        .systemLibrary(
            name: "CCap",
            pkgConfig: "libcap",
            providers: [.apt(["libcap-dev"])]
        ),
        .target(name: "CShims"),

        // ---- pure cores ----
        .target(name: "NetworkAddress"),
        .target(name: "KeepalivedConfig", dependencies: ["NetworkAddress"]),
        .target(name: "KeepalivedIPC", dependencies: ["KeepalivedConfig", "KeepalivedSystem"]),

        // ---- thin edges ----
        .target(name: "KeepalivedSystem", dependencies: ["CShims", "CCap"]),
        .target(name: "Netlink", dependencies: ["NetworkAddress", "CNetlink", "CShims", "KeepalivedSystem"]),

        // ---- features ----
        .target(name: "VRRP", dependencies: ["NetworkAddress", "KeepalivedConfig", "KeepalivedIPC", "KeepalivedSystem", "Netlink"]),
        .target(name: "IPVS", dependencies: ["NetworkAddress", "Netlink", "KeepalivedSystem", "CNetlink"]),
        .target(name: "Checkers", dependencies: ["KeepalivedConfig", "KeepalivedIPC", "KeepalivedSystem", "IPVS"]),
        .target(name: "Supervisor", dependencies: ["KeepalivedConfig", "KeepalivedIPC", "KeepalivedSystem", "CShims"]),

        // ---- executables: thin, each hands off to its module ----
        .executableTarget(name: "keepalived", dependencies: ["Supervisor", "KeepalivedConfig", "KeepalivedSystem"]),
        .executableTarget(name: "keepalived-vrrp", dependencies: ["VRRP", "KeepalivedIPC", "KeepalivedSystem"]),
        .executableTarget(name: "keepalived-checker", dependencies: ["Checkers", "KeepalivedIPC", "KeepalivedSystem"]),

        // ---- tests ----
        .testTarget(name: "KeepalivedConfigTests", dependencies: ["KeepalivedConfig"]),
        .testTarget(name: "KeepalivedIPCTests", dependencies: ["KeepalivedIPC", "KeepalivedConfig"]),
        .testTarget(name: "SupervisorTests", dependencies: ["Supervisor", "KeepalivedConfig"]),
        .testTarget(name: "VRRPTests", dependencies: ["VRRP", "NetworkAddress", "KeepalivedConfig"]),
        .testTarget(name: "IPVSTests", dependencies: ["IPVS", "NetworkAddress"]),
        .testTarget(name: "NetlinkTests", dependencies: ["Netlink", "NetworkAddress"]),
        .testTarget(name: "SystemBindingTests", dependencies: ["KeepalivedSystem", "Netlink"]),
    ],
    swiftLanguageModes: [.v6]
)
