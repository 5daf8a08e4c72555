#ifndef STATS_H
#define STATS_H

int clamp(int value, int low, int high);
int sum(const int *values, int count);
int max_of(const int *values, int count);
int unused_average(const int *values, int count);
int spread(const int *values, int count);
int quad(int x);

#endif
