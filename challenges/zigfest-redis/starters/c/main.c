// Welcome to zigfest-redis! Push this repository to run the tests.
//
// Stage 1 (bind-port) asks your program to listen on TCP port 6379, like a real Redis.
// Read the stage's page, then replace the idle wait below with a server:
//
//     int fd = socket(AF_INET, SOCK_STREAM, 0);
//     struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(6379)};
//     bind(fd, (struct sockaddr *)&addr, sizeof addr);
//     listen(fd, 128);
//     int client = accept(fd, NULL, NULL);
//
// Later stages add PING, ECHO, SET/GET, ... one command at a time.
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("zigfest-redis: not listening yet, see stage 1\n");
    fflush(stdout);
    // A server runs until it is stopped; this starter just waits.
    for (;;) pause();
}
