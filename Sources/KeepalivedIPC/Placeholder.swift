// KeepalivedIPC
