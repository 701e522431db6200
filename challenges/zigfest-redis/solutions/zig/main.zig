// Reference solution of zigfest-redis in Zig 0.11 (std only): std.net.StreamServer, a thread
// per connection, a RESP parser over a growing buffer (partial and pipelined commands), and
// one StringHashMap behind a mutex.
const std = @import("std");

const Entry = struct {
    value: []u8,
    /// Milliseconds since the epoch; 0 = never expires.
    deadline: i64,
};

var gpa = std.heap.GeneralPurposeAllocator(.{}){};
var a: std.mem.Allocator = undefined;
var mutex = std.Thread.Mutex{};
var store: std.StringHashMap(Entry) = undefined;

const NOT_INT = "-ERR value is not an integer or out of range\r\n";

fn eq(x: []const u8, name: []const u8) bool {
    return std.ascii.eqlIgnoreCase(x, name);
}

fn expired(e: Entry, now: i64) bool {
    return e.deadline != 0 and now >= e.deadline;
}

fn remove(key: []const u8) bool {
    if (store.fetchRemove(key)) |kv| {
        a.free(kv.key);
        a.free(kv.value.value);
        return true;
    }
    return false;
}

/// The value of a live key; an expired key is removed on the way.
fn lookup(key: []const u8) ?[]u8 {
    const e = store.get(key) orelse return null;
    if (expired(e, std.time.milliTimestamp())) {
        _ = remove(key);
        return null;
    }
    return e.value;
}

fn put(key: []const u8, value: []const u8, deadline: i64) !void {
    const v = try a.dupe(u8, value);
    const gop = try store.getOrPut(key);
    if (gop.found_existing) {
        a.free(gop.value_ptr.value);
    } else {
        gop.key_ptr.* = try a.dupe(u8, key);
    }
    gop.value_ptr.* = .{ .value = v, .deadline = deadline };
}

fn bulk(w: anytype, v: []const u8) !void {
    try w.print("${d}\r\n", .{v.len});
    try w.writeAll(v);
    try w.writeAll("\r\n");
}

fn glob(p: []const u8, s: []const u8) bool {
    if (p.len == 0) return s.len == 0;
    if (p[0] == '*') {
        var i: usize = 0;
        while (i <= s.len) : (i += 1) {
            if (glob(p[1..], s[i..])) return true;
        }
        return false;
    }
    if (s.len == 0) return false;
    if (p[0] == '?' or p[0] == s[0]) return glob(p[1..], s[1..]);
    return false;
}

fn execute(args: []const []const u8, out: *std.ArrayList(u8)) !void {
    mutex.lock();
    defer mutex.unlock();
    const w = out.writer();
    const cmd = args[0];
    if (eq(cmd, "PING") and args.len == 1) {
        try w.writeAll("+PONG\r\n");
    } else if (eq(cmd, "ECHO") and args.len == 2) {
        try bulk(w, args[1]);
    } else if (eq(cmd, "SET") and args.len >= 3) {
        var deadline: i64 = 0;
        var i: usize = 3;
        while (i < args.len) : (i += 2) {
            const px = eq(args[i], "PX");
            const ex = eq(args[i], "EX");
            if ((!px and !ex) or i + 1 >= args.len) {
                try w.writeAll("-ERR syntax error\r\n");
                return;
            }
            const n = std.fmt.parseInt(i64, args[i + 1], 10) catch {
                try w.writeAll(NOT_INT);
                return;
            };
            deadline = std.time.milliTimestamp() + (if (ex) n * 1000 else n);
        }
        try put(args[1], args[2], deadline);
        try w.writeAll("+OK\r\n");
    } else if (eq(cmd, "GET") and args.len == 2) {
        if (lookup(args[1])) |v| {
            try bulk(w, v);
        } else {
            try w.writeAll("$-1\r\n");
        }
    } else if (eq(cmd, "INCR") and args.len == 2) {
        var n: i64 = 0;
        var deadline: i64 = 0;
        if (lookup(args[1])) |v| {
            n = std.fmt.parseInt(i64, v, 10) catch {
                try w.writeAll(NOT_INT);
                return;
            };
            deadline = store.get(args[1]).?.deadline;
        }
        const m = std.math.add(i64, n, 1) catch {
            try w.writeAll(NOT_INT);
            return;
        };
        var tmp: [32]u8 = undefined;
        try put(args[1], try std.fmt.bufPrint(&tmp, "{d}", .{m}), deadline);
        try w.print(":{d}\r\n", .{m});
    } else if (eq(cmd, "DEL") and args.len >= 2) {
        var n: usize = 0;
        for (args[1..]) |k| {
            if (lookup(k) != null and remove(k)) n += 1;
        }
        try w.print(":{d}\r\n", .{n});
    } else if (eq(cmd, "EXISTS") and args.len >= 2) {
        var n: usize = 0;
        for (args[1..]) |k| {
            if (lookup(k) != null) n += 1;
        }
        try w.print(":{d}\r\n", .{n});
    } else if (eq(cmd, "KEYS") and args.len == 2) {
        var keys = std.ArrayList([]const u8).init(a);
        defer keys.deinit();
        const now = std.time.milliTimestamp();
        var it = store.iterator();
        while (it.next()) |kv| {
            if (expired(kv.value_ptr.*, now)) continue;
            if (glob(args[1], kv.key_ptr.*)) try keys.append(kv.key_ptr.*);
        }
        try w.print("*{d}\r\n", .{keys.items.len});
        for (keys.items) |k| try bulk(w, k);
    } else if (eq(cmd, "TYPE") and args.len == 2) {
        try w.writeAll(if (lookup(args[1]) != null) "+string\r\n" else "+none\r\n");
    } else {
        try w.print("-ERR unknown command '{s}'\r\n", .{cmd});
    }
}

const Parsed = struct { argc: usize, used: usize };

/// One command at the start of buf: null when incomplete.
fn parse(buf: []const u8, args: *[64][]const u8) !?Parsed {
    if (buf.len == 0) return null;
    if (buf[0] != '*') return error.Protocol;
    const nl = std.mem.indexOf(u8, buf, "\r\n") orelse return null;
    const n = try std.fmt.parseInt(usize, buf[1..nl], 10);
    if (n == 0 or n > args.len) return error.Protocol;
    var pos = nl + 2;
    var i: usize = 0;
    while (i < n) : (i += 1) {
        if (pos >= buf.len) return null;
        if (buf[pos] != '$') return error.Protocol;
        const e = std.mem.indexOfPos(u8, buf, pos, "\r\n") orelse return null;
        const len = try std.fmt.parseInt(usize, buf[pos + 1 .. e], 10);
        const start = e + 2;
        if (buf.len < start + len + 2) return null;
        args[i] = buf[start .. start + len];
        pos = start + len + 2;
    }
    return Parsed{ .argc = n, .used = pos };
}

fn serve(stream: std.net.Stream) !void {
    var inbuf = std.ArrayList(u8).init(a);
    defer inbuf.deinit();
    var out = std.ArrayList(u8).init(a);
    defer out.deinit();
    var chunk: [65536]u8 = undefined;
    var args: [64][]const u8 = undefined;
    while (true) {
        const n = try stream.read(&chunk);
        if (n == 0) return;
        try inbuf.appendSlice(chunk[0..n]);
        out.clearRetainingCapacity();
        var at: usize = 0;
        while (try parse(inbuf.items[at..], &args)) |p| {
            at += p.used;
            try execute(args[0..p.argc], &out);
        }
        const rest = inbuf.items.len - at;
        var i: usize = 0;
        while (i < rest) : (i += 1) inbuf.items[i] = inbuf.items[at + i];
        inbuf.shrinkRetainingCapacity(rest);
        if (out.items.len > 0) try stream.writeAll(out.items);
    }
}

fn handle(stream: std.net.Stream) void {
    defer stream.close();
    serve(stream) catch {};
}

pub fn main() !void {
    a = gpa.allocator();
    store = std.StringHashMap(Entry).init(a);
    var server = std.net.StreamServer.init(.{ .reuse_address = true, .kernel_backlog = 128 });
    defer server.deinit();
    try server.listen(try std.net.Address.parseIp("0.0.0.0", 6379));
    while (true) {
        const conn = server.accept() catch continue;
        const t = std.Thread.spawn(.{}, handle, .{conn.stream}) catch {
            conn.stream.close();
            continue;
        };
        t.detach();
    }
}
