// IPVS
