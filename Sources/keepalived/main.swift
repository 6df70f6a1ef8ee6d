import Glibc
import Supervisor

exit(ParentMain.run(Array(CommandLine.arguments.dropFirst())))
