package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// profile starts the profiles the environment asks for, for `make bench` and anyone
// chasing a slow run: IAPTPUB_CPUPROFILE names a file for the CPU profile of the
// command, IAPTPUB_MEMPROFILE one for its allocations (go tool pprof reads both). The
// returned stop writes them; a profile that cannot be written is reported on w and
// never fails the command it watched.
func profile(w io.Writer) (stop func()) {
	cpu, mem := os.Getenv("IAPTPUB_CPUPROFILE"), os.Getenv("IAPTPUB_MEMPROFILE")
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err != nil {
			fmt.Fprintf(w, "iaptpub: IAPTPUB_CPUPROFILE: %v\n", err)
		} else if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(w, "iaptpub: IAPTPUB_CPUPROFILE: %v\n", err)
			f.Close()
			f = nil
		}
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fmt.Fprintf(w, "iaptpub: IAPTPUB_CPUPROFILE: %v\n", err)
			}
		}
		if mem == "" {
			return
		}
		runtime.GC()
		if err := writeProfile(mem, "allocs"); err != nil {
			fmt.Fprintf(w, "iaptpub: IAPTPUB_MEMPROFILE: %v\n", err)
		}
	}
}

func writeProfile(name, kind string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(kind).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
