#include <stdio.h>

#include "stats.h"

int main(void) {
    int values[] = {3, 9, 4};
    printf("%d %d %d\n", clamp(12, 0, 10), sum(values, 3), max_of(values, 3));
    printf("%d %d\n", spread(values, 3), quad(2));
    if (clamp(-1, 0, 10) != 0) {
        return 1;
    }
    return 0;
}
