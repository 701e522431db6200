// Prints its arguments joined by spaces, like echo.
process.stdout.write(`${process.argv.slice(2).join(" ")}\n`);
