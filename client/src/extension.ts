// client comes with the extension issue
