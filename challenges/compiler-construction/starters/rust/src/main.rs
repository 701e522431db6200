// Welcome to the Compiler Construction jam! Push this repository to run the tests.
//
// Your program is a Lox interpreter driven by subcommands:
//     ./your_program tokenize FILE      stage 1: print the tokens of FILE
//     ./your_program parse FILE         stage 2: print the tree of one expression
//     ./your_program evaluate FILE      stage 3: print the value of one expression
//     ./your_program run FILE           stages 4-8: run a program
// Stage 1 is `tokenize`: read its page, then fill in tokenize() below (std only: no crates).
use std::env;
use std::fs;
use std::process::exit;

fn tokenize(_source: &str) -> i32 {
    // TODO: print one line per token, "<line> <TYPE> <lexeme> <literal>", ending with EOF;
    // report bad characters on stderr as "[line N] Error: Unexpected character." and exit 65.
    eprintln!("tokenize: not implemented yet");
    1
}

fn main() {
    let args: Vec<String> = env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: ./your_program tokenize|parse|evaluate|run FILE");
        exit(64);
    }
    let source = match fs::read_to_string(&args[2]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {}", args[2], e);
            exit(74);
        }
    };
    let code = match args[1].as_str() {
        "tokenize" => tokenize(&source),
        other => {
            eprintln!("{}: not implemented yet", other);
            1
        }
    };
    exit(code);
}
