// Welcome to bsod! Push this repository to run the tests.
//
// Stage 1 asks your program to print:  Hello, BSOD!
// Read the stage's page for the details, then make it happen below.
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    // printf("...");
    return 0;
}
