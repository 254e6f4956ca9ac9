//go:build !linux

package publish

import "errors"

// exchangeDirs is not available here: replaceDir falls back to two renames.
func exchangeDirs(a, b string) error {
	return errors.New("exchanging folders in one step is not supported on this system")
}
