// Welcome to Deployment from Scratch! Push this repository to run the tests (Zig 0.11, std only).
//
// Stage 1 (serve-directory): you are started as `./your_program --directory <dir>`; listen on
// TCP port 8080 and serve the files under <dir> over HTTP/1.1 (std.net only, not std.http).
// Read the stage's page, then replace the idle wait below with a server:
//
//     var server = std.net.StreamServer.init(.{ .reuse_address = true });
//     try server.listen(try std.net.Address.parseIp("0.0.0.0", 8080));
//     const conn = try server.accept(); // then read the request, write the response
//
// Print debugging output on stderr: from stage 9 on, stdout is your access log.
const std = @import("std");

pub fn main() !void {
    std.debug.print("deploy-from-scratch: not listening yet, see stage 1\n", .{});
    // A server runs until it is stopped; this starter just waits.
    while (true) std.time.sleep(std.time.ns_per_hour);
}
