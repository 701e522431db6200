// Reference solution of the hello track: the greeting without arguments, echo with them.
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("Hello, BSOD!\n", stdout);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        if (i > 1) fputc(' ', stdout);
        fputs(argv[i], stdout);
    }
    fputc('\n', stdout);
    return 0;
}
