// Welcome to the unix jam! Push this repository to run the tests.
//
// Your program is every utility at once: the tests run it as
//     ./your_program cat -n file.txt        ./your_program wc -l a b
//     ./your_program node                   (the distributed stages)
// so look at the first argument and dispatch. Stage 1 is `cat`: read its page, then fill in
// cat() below. Work with bytes (Vec<u8>, io::stdout().lock()): inputs are not always UTF-8.
use std::env;
use std::process::exit;

fn cat(_args: &[String]) -> i32 {
    // TODO: copy each file (or stdin for "-" or no files) to stdout; -n numbers the lines.
    eprintln!("cat: not implemented yet");
    1
}

fn main() {
    let args: Vec<String> = env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: app <utility> [args...]");
        exit(2);
    }
    let code = match args[1].as_str() {
        "cat" => cat(&args[2..]),
        // "wc" => wc(&args[2..]), … and so on
        other => {
            eprintln!("{}: unknown utility", other);
            2
        }
    };
    exit(code);
}
