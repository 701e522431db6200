// Welcome to zigfest-redis! Push this repository to run the tests (Zig 0.11, std only).
//
// Stage 1 (bind-port) asks your program to listen on TCP port 6379, like a real Redis.
// Read the stage's page, then replace the idle wait below with a server:
//
//     var server = std.net.StreamServer.init(.{ .reuse_address = true });
//     try server.listen(try std.net.Address.parseIp("0.0.0.0", 6379));
//     const conn = try server.accept();
//
// Later stages add PING, ECHO, SET/GET, ... one command at a time.
const std = @import("std");

pub fn main() !void {
    try std.io.getStdOut().writer().print("zigfest-redis: not listening yet, see stage 1\n", .{});
    // A server runs until it is stopped; this starter just waits.
    while (true) std.time.sleep(std.time.ns_per_hour);
}
