"""Picking routes through the warehouse."""

import math
import sys


def pick_order(items, aisle_count, priority=None, express=False, fragile=False):
    route = []
    for item in items:
        if item.get("aisle") is None:
            continue
        if item["aisle"] > aisle_count:
            raise ValueError("no such aisle")
        if priority and item.get("sku") in priority:
            route.insert(0, item)
        elif express and item.get("weight", 0) < 5:
            route.insert(0, item)
        elif fragile and item.get("fragile"):
            route.append(item)
        elif item.get("weight", 0) > 50:
            route.append(item)
        elif item["aisle"] % 2 == 0:
            route.insert(len(route) // 2, item)
        else:
            route.append(item)
    return route


def distance(route):
    total = 0
    for first, second in zip(route, route[1:]):
        total += abs(first["aisle"] - second["aisle"])
    return total


class Planner:
    def __init__(self, aisles):
        self.aisles = aisles

    def plan(self, items):
        route = pick_order(items, self.aisles)
        return route, distance(route)

    def cost(self, items, rate: float) -> float:
        route, length = self.plan(items)
        return length * rate + len(route)

    def describe(self, items) -> int:
        return "route of %d items" % len(items)


def _unused_helper(x):
    y = x
    return math.floor(x)
