package main

// version is what `iaptpub --version` prints. make release sets it from `git describe`
// (-ldflags "-X main.version=…"), so that a published site can be traced to the
// release that built it; a binary built any other way says "devel".
var version = "devel"
