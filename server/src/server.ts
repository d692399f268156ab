// wiring comes with the language server
