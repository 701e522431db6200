// Welcome to the Compiler Construction jam! Push this repository to run the tests (Zig 0.11,
// std only).
//
// Your program is a Lox interpreter driven by subcommands:
//     ./your_program tokenize FILE      stage 1: print the tokens of FILE
//     ./your_program parse FILE         stage 2: print the tree of one expression
//     ./your_program evaluate FILE      stage 3: print the value of one expression
//     ./your_program run FILE           stages 4-8: run a program
// Stage 1 is `tokenize`: read its page, then fill in tokenize() below.
const std = @import("std");

fn tokenize(source: []const u8) u8 {
    // TODO: print one line per token, "<line> <TYPE> <lexeme> <literal>", ending with EOF;
    // report bad characters on stderr as "[line N] Error: Unexpected character." and exit 65.
    _ = source;
    std.io.getStdErr().writer().print("tokenize: not implemented yet\n", .{}) catch {};
    return 1;
}

pub fn main() !void {
    var gpa = std.heap.GeneralPurposeAllocator(.{}){};
    const allocator = gpa.allocator();
    const args = try std.process.argsAlloc(allocator);
    const stderr = std.io.getStdErr().writer();
    if (args.len != 3) {
        try stderr.print("usage: ./your_program tokenize|parse|evaluate|run FILE\n", .{});
        std.process.exit(64);
    }
    const source = try std.fs.cwd().readFileAlloc(allocator, args[2], 1 << 26);
    if (std.mem.eql(u8, args[1], "tokenize")) std.process.exit(tokenize(source));
    try stderr.print("{s}: not implemented yet\n", .{args[1]});
    std.process.exit(1);
}
