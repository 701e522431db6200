// Welcome to the unix jam! Push this repository to run the tests.
//
// Your program is every utility at once: the tests run it as
//     ./your_program cat -n file.txt        ./your_program wc -l a b
//     ./your_program node                   (the distributed stages)
// so look at argv[1] and dispatch. Stage 1 is `cat`: read its page, then fill in cat() below.
#include <stdio.h>
#include <string.h>

static int cat(int argc, char **argv) {
    (void)argc;
    (void)argv;
    // TODO: copy each file (or stdin for "-" or no files) to stdout; -n numbers the lines.
    fprintf(stderr, "cat: not implemented yet\n");
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <utility> [args...]\n", argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "cat") == 0) return cat(argc - 2, argv + 2);
    // if (strcmp(argv[1], "wc") == 0) return wc(argc - 2, argv + 2);   … and so on
    fprintf(stderr, "%s: unknown utility\n", argv[1]);
    return 2;
}
