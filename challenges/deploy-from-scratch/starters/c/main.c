// Welcome to Deployment from Scratch! Push this repository to run the tests.
//
// Stage 1 (serve-directory): you are started as `./your_program --directory <dir>`; listen on
// TCP port 8080 and serve the files under <dir> over HTTP/1.1. Read the stage's page, then
// replace the idle wait below with a server:
//
//     int fd = socket(AF_INET, SOCK_STREAM, 0);
//     setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
//     struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(8080)};
//     bind(fd, (struct sockaddr *)&addr, sizeof addr);
//     listen(fd, 1024);
//     int client = accept(fd, NULL, NULL);   // then read the request, write the response
//
// Print debugging output on stderr: from stage 9 on, stdout is your access log.
#include <stdio.h>
#include <unistd.h>

int main(void) {
    fprintf(stderr, "deploy-from-scratch: not listening yet, see stage 1\n");
    // A server runs until it is stopped; this starter just waits.
    for (;;) pause();
}
