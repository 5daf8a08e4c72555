package inventory;

import java.util.ArrayList;
import java.util.List;

/** Stock movements; an inner class and lambdas share this source file. */
public class Ledger {
    private final List<Entry> entries = new ArrayList<>();

    /** One movement: positive when received, negative when shipped. */
    public static final class Entry {
        final String sku;
        final int quantity;

        Entry(String sku, int quantity) {
            this.sku = sku;
            this.quantity = quantity;
        }

        boolean isShipment() {
            return quantity < 0;
        }
    }

    public void receive(String sku, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        entries.add(new Entry(sku, quantity));
    }

    public void ship(String sku, int quantity) {
        if (stock(sku) < quantity) {
            throw new IllegalStateException("not enough " + sku);
        }
        entries.add(new Entry(sku, -quantity));
    }

    public int stock(String sku) {
        return entries.stream().filter(e -> e.sku.equals(sku)).mapToInt(e -> e.quantity).sum();
    }

    public int shipments() {
        int count = 0;
        for (Entry entry : entries) {
            if (entry.isShipment()) {
                count++;
            }
        }
        return count;
    }
}
