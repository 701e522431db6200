// Welcome to the unix jam! Push this repository to run the tests.
//
// Your program is every utility at once: the tests run it as
//
//	./your_program cat -n file.txt        ./your_program wc -l a b
//	./your_program node                   (the distributed stages)
//
// so look at os.Args[1] and dispatch. Stage 1 is `cat`: read its page, then fill in cat().
package main

import (
	"fmt"
	"os"
)

func cat(args []string) int {
	// TODO: copy each file (or stdin for "-" or no files) to stdout; -n numbers the lines.
	fmt.Fprintln(os.Stderr, "cat: not implemented yet")
	return 1
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: app <utility> [args...]")
		os.Exit(2)
	}
	tools := map[string]func([]string) int{"cat": cat} // "wc": wc, … and so on
	tool, ok := tools[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "%s: unknown utility\n", os.Args[1])
		os.Exit(2)
	}
	os.Exit(tool(os.Args[2:]))
}
