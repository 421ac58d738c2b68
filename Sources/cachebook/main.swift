import CachebookCommands
import Foundation

exit(CachebookCommand.runAsMain())
