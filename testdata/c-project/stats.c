#include "stats.h"

int clamp(int value, int low, int high) {
    if (value < low) {
        return low;
    }
    if (value > high) {
        return high;
    }
    return value;
}

int sum(const int *values, int count) {
    int total = 0;
    for (int i = 0; i < count; i++) {
        total += values[i];
    }
    return total;
}

int max_of(const int *values, int count) {
    if (count <= 0) {
        return 0;
    }
    int best = values[0];
    for (int i = 1; i < count; i++) {
        best = values[i] > best ? values[i] : best;
    }
    return best;
}

int unused_average(const int *values, int count) {
    return count == 0 ? 0 : sum(values, count) / count;
}

#define ABS(x) ((x) < 0 ? -(x) : (x))

int spread(const int *values, int count) {
    int low = values[0], high = values[0];
    for (int i = 1; i < count; i++) {
        low = values[i] < low ? values[i] : low;
        high = values[i] > high ? values[i] : high;
    }
    return ABS(high - low);
}

static inline int twice(int x) { return 2 * x; } int quad(int x) { return twice(twice(x)); }
