package inventory;

/** Prices in cents. */
public final class Pricing {
    private Pricing() {}

    public static long discounted(long cents, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent out of range: " + percent);
        }
        return cents - cents * percent / 100;
    }

    public static String grade(double ratio) {
        if (ratio >= 0.9) {
            return "A";
        } else if (ratio >= 0.75) {
            return "B";
        } else if (ratio >= 0.5) {
            return "C";
        }
        return "F";
    }

    public static long total(long[] prices) {
        long sum = 0;
        for (long price : prices) {
            sum += price;
        }
        return sum;
    }
}
