// Your kernel, in Rust without std: boot.rs gets us to 64-bit mode and calls kmain with the
// multiboot information's address (the 32-bit structure the boot loader left in low memory).
// Stage 1: print "Hello, kernel!\n" on COM1, then end the run with status 0.
#![no_std]
#![no_main]

mod boot;

use core::arch::asm;
use core::panic::PanicInfo;

unsafe fn outb(port: u16, value: u8) {
    asm!("out dx, al", in("dx") port, in("al") value, options(nomem, nostack));
}

#[allow(dead_code)]
unsafe fn inb(port: u16) -> u8 {
    let value: u8;
    asm!("in al, dx", out("al") value, in("dx") port, options(nomem, nostack));
    value
}

const COM1: u16 = 0x3f8;

fn serial_putc(_byte: u8) {
    // TODO (stage 1): wait until bit 5 of the line status register (COM1 + 5) is set, then
    // write the byte to COM1's data register.
}

/// Ends the run: qemu's isa-debug-exit device (port 0xf4) stops the machine with this status.
fn shutdown(status: u8) -> ! {
    unsafe { outb(0xf4, status) };
    loop {
        unsafe { asm!("cli; hlt") };
    }
}

#[no_mangle]
pub extern "C" fn kmain(_multiboot_info: u64) -> ! {
    let _ = COM1;
    // TODO (stage 1): say hello, one serial_putc per byte (core::fmt::Write works too: implement
    // write_str for a Com1 type and use writeln!).
    serial_putc(b'\n');
    shutdown(0)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    shutdown(3)
}
