import CachebookCommands

CachebookCommand.main()
