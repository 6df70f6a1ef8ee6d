// KeepalivedSystem
