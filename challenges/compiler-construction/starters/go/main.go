// Welcome to the Compiler Construction jam! Push this repository to run the tests.
//
// Your program is a Lox interpreter driven by subcommands:
//
//	./your_program tokenize FILE      stage 1: print the tokens of FILE
//	./your_program parse FILE         stage 2: print the tree of one expression
//	./your_program evaluate FILE      stage 3: print the value of one expression
//	./your_program run FILE           stages 4-8: run a program
//
// Stage 1 is `tokenize`: read its page, then fill in tokenize() below.
package main

import (
	"fmt"
	"os"
)

func tokenize(source string) int {
	// TODO: print one line per token, "<line> <TYPE> <lexeme> <literal>", ending with EOF;
	// report bad characters on stderr as "[line N] Error: Unexpected character." and exit 65.
	_ = source
	fmt.Fprintln(os.Stderr, "tokenize: not implemented yet")
	return 1
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: ./your_program tokenize|parse|evaluate|run FILE")
		os.Exit(64)
	}
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(74)
	}
	if os.Args[1] == "tokenize" {
		os.Exit(tokenize(string(data)))
	}
	fmt.Fprintf(os.Stderr, "%s: not implemented yet\n", os.Args[1])
	os.Exit(1)
}
