/* A sample of the usual first mistake: the greeting without its newline. */
#include <stdio.h>

int main(void) {
  printf("Hello, BSOD!");
  return 0;
}
