package iaptpub

import _ "embed"

// DemoConfig is the configuration of the demonstration site (config/demo.toml).
//
//go:embed config/demo.toml
var DemoConfig []byte
