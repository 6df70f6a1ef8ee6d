@_exported import NetworkAddress
